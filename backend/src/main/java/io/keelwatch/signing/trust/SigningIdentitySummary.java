package io.keelwatch.signing.trust;

import java.time.OffsetDateTime;

/** A trusted keyless identity; {@code state} is {@code trusted}, {@code expired} or {@code revoked}. */
public record SigningIdentitySummary(long id, String issuer, String subject, boolean subjectRegex, String scope, String team,
        String project, String owner, OffsetDateTime expiresAt, String state, OffsetDateTime revokedAt, String revokedBy,
        String createdBy, OffsetDateTime createdAt) {
}
