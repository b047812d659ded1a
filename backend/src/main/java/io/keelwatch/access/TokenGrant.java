package io.keelwatch.access;

import java.util.Set;

/**
 * How an API token narrows its owner: at most one team or one cluster, and a set of scopes. An identity
 * provider's access token that carries scopes (a client-credentials token of an integration)
 * narrows its account the same way.
 *
 * @param tokenId       the API token's id; null for an identity provider's token
 * @param displayPrefix the non-secret start of the token ({@code kw_ab12Cd}), for logs and audit;
 *                      {@code jwt:<client>} for an identity provider's token
 * @param teamId        the one team the token is limited to, or null for every team the owner sees
 * @param clusterId     the one cluster a cluster agent's token writes for, or null; such a token carries only
 *                      scopes that {@linkplain Scope#bindsToCluster() bind to a cluster} and reads nothing
 * @param scopes        what the token may be used for
 */
public record TokenGrant(Long tokenId, String displayPrefix, Long teamId, Long clusterId, Set<Scope> scopes) {

    public TokenGrant {
        scopes = Set.copyOf(scopes);
    }

    /** The scopes of an identity provider's access token issued to {@code client}. */
    static TokenGrant ofJwt(String client, Set<Scope> scopes) {
        return new TokenGrant(null, "jwt:" + client, null, null, scopes);
    }

    public boolean limitedToOneTeam() {
        return teamId != null;
    }

    public boolean boundToCluster() {
        return clusterId != null;
    }
}
