package io.keelwatch.signing.trust;

import java.time.OffsetDateTime;

/** A stored trust root: {@code sigstore} (a trusted_root.json) or {@code notation} (a trust store of CA certificates). */
public record TrustRootSummary(long id, String kind, String name, String sha256, int length, String createdBy,
        OffsetDateTime createdAt) {
}
