package io.keelwatch.platform;

/** Present as a bean only when Keelwatch runs on its own embedded PostgreSQL (evaluation mode). */
public final class EmbeddedDatabaseMarker {
}
