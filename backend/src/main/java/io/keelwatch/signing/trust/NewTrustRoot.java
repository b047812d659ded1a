package io.keelwatch.signing.trust;

import io.keelwatch.platform.RefusesUnknownFields;

/**
 * A trust root to store.
 *
 * @param kind    {@code sigstore} (the content is a {@code trusted_root.json}) or {@code notation} (PEM CA certificates)
 * @param name    unique per kind (≤ 200 characters)
 * @param content the file's text (≤ 1 MiB)
 */
public record NewTrustRoot(String kind, String name, String content) implements RefusesUnknownFields {
}
