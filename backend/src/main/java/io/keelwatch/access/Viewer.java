package io.keelwatch.access;

import java.util.Set;

/**
 * The caller, as every query sees them: the teams whose records they may read. Queries filter
 * with {@link #allTeams()} and {@link #teamIdArray()} so visibility lives in SQL, in one shape:
 * {@code (:allTeams or team_id = any(:teamIds))}.
 */
public record Viewer(long userId, String username, Role role, Set<Long> teamIds) {

    public Viewer {
        teamIds = Set.copyOf(teamIds);
    }

    public boolean allTeams() {
        return role.seesAllTeams();
    }

    public Long[] teamIdArray() {
        return teamIds.toArray(Long[]::new);
    }

    public boolean canSee(long teamId) {
        return allTeams() || teamIds.contains(teamId);
    }

    /** Writes are checked per resource: a developer writes only to their own teams' projects. */
    public boolean canWriteTo(long teamId) {
        if (!role.mayChangeFindings()) {
            return false;
        }
        return role != Role.DEVELOPER || teamIds.contains(teamId);
    }
}
