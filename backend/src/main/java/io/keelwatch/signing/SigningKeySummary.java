package io.keelwatch.signing;

import java.time.OffsetDateTime;

/**
 * A trusted key as the API and pages show it (never more than its public half).
 *
 * @param state       {@code trusted}, {@code expired} or {@code revoked}
 * @param team        the team of a team or project key, else null
 * @param successorId the key that replaced it (rotation), or null
 */
public record SigningKeySummary(long id, String name, String fingerprint, String algorithm, String scope, String team,
        String project, String owner, OffsetDateTime expiresAt, Long successorId, String state, OffsetDateTime revokedAt,
        String revokedBy, String revocationReason, String createdBy, OffsetDateTime createdAt, String publicKey) {
}
