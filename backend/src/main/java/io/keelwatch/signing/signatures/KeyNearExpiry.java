package io.keelwatch.signing.signatures;

import java.time.OffsetDateTime;
import java.util.List;

/**
 * A trusted key, not rotated, that expires within {@code keelwatch.signing.key-expiry-warning}: at its expiry the
 * signatures it verifies turn untrusted ({@link KeyExpiryJob}).
 *
 * @param scope     {@code global}, {@code team} or {@code project}
 * @param daysLeft  whole days until it expires (0 on its last day)
 * @param projects  the slugs of the projects (that the caller sees) whose posture it flags: the project of a project
 *                  key, the team's projects for a team key, and for a global key the projects whose images it verified
 */
public record KeyNearExpiry(long keyId, String name, String fingerprint, String scope, OffsetDateTime expiresAt, long daysLeft,
        List<String> projects) {
}
