package io.keelwatch.access;

import java.util.Set;

/**
 * How an API token narrows its owner: at most one team and a set of scopes.
 *
 * @param tokenId       the token's id
 * @param displayPrefix the non-secret start of the token ({@code kw_ab12Cd}), for logs and audit
 * @param teamId        the one team the token is limited to, or null for every team the owner sees
 * @param scopes        what the token may be used for
 */
public record TokenGrant(long tokenId, String displayPrefix, Long teamId, Set<Scope> scopes) {

    public TokenGrant {
        scopes = Set.copyOf(scopes);
    }

    public boolean limitedToOneTeam() {
        return teamId != null;
    }
}
