package io.keelwatch.signing.trust;

/**
 * Where a key or identity is trusted: {@code global} (every project), {@code team} (its projects) or
 * {@code project} (one; {@code teamId} is then the project's team, so reads filter by team alike).
 */
record TrustScope(String kind, Long teamId, Long projectId) {

    /** Whether a signer of this scope is trusted for an image of the project. */
    boolean covers(long projectId, long projectTeamId) {
        return switch (kind) {
            case "global" -> true;
            case "team" -> teamId == projectTeamId;
            default -> this.projectId == projectId;
        };
    }
}
