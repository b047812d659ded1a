package io.keelwatch.access;

import java.time.OffsetDateTime;
import java.util.List;

/**
 * An API token as lists show it: never the secret, never its hash.
 *
 * @param prefix  the token's first characters ({@code kw_ab12Cd}), enough to recognise it
 * @param team    the slug of the one team the token is limited to, or null for all the owner's teams
 * @param cluster the name of the one cluster the token writes for (an agent's token), or null
 * @param status  {@code active}, {@code expired} or {@code revoked}
 */
public record ApiTokenSummary(long id, String name, String prefix, String owner, String team, String cluster, List<String> scopes,
        OffsetDateTime createdAt, String createdBy, OffsetDateTime expiresAt, OffsetDateTime lastUsedAt,
        OffsetDateTime revokedAt, String status) {

    public boolean active() {
        return "active".equals(status);
    }
}
