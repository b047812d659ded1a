package io.keelwatch.recovery.readiness;

import java.time.OffsetDateTime;

/** A phase a backup or restore was first seen in by a post. */
public record PhaseSeen(String phase, OffsetDateTime seenAt) {
}
