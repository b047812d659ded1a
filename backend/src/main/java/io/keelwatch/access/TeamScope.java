package io.keelwatch.access;

import java.util.HashMap;
import java.util.Map;

/**
 * The one visibility rule, as SQL: a person reads the records of their teams, or of every team
 * when they see everything. Every read of every module filters with it inside the statement, so a
 * record of another team is missing exactly like one that does not exist (404, never 403).
 * {@code TeamScopeIsTheOnlyVisibilityRuleTest} fails the build for a query that filters by teams
 * any other way.
 *
 * <pre>{@code
 * TeamScope scope = TeamScope.of(viewer);
 * jdbc.sql("select … from finding_exception e where " + scope.covers("e.team_id")).params(scope.params())…
 * }</pre>
 */
public final class TeamScope {

    /** The caller's projects, aliased {@code p}: the condition most reads need (with {@link #params()} of {@link #of(Viewer)}). */
    public static final String PROJECTS = of(true, new Long[0], "").covers("p.team_id");

    private final boolean allTeams;
    private final Long[] teamIds;
    private final String prefix;

    private TeamScope(boolean allTeams, Long[] teamIds, String prefix) {
        this.allTeams = allTeams;
        this.teamIds = teamIds;
        this.prefix = prefix;
    }

    private static TeamScope of(boolean allTeams, Long[] teamIds, String prefix) {
        return new TeamScope(allTeams, teamIds, prefix);
    }

    /** What the caller sees. */
    public static TeamScope of(Viewer viewer) {
        return of(viewer, "");
    }

    /**
     * What another person sees, in a statement that also filters by the caller's scope (e.g. the
     * person findings are assigned to): its parameters are named after {@code name}.
     */
    public static TeamScope of(Viewer person, String name) {
        return new TeamScope(person.allTeams(), person.teamIds().toArray(Long[]::new), name);
    }

    /** Rows whose team is {@code teamColumn} that this scope covers; bind {@link #params()} with it. */
    public String covers(String teamColumn) {
        return "(:" + name("allTeams") + " or " + teamColumn + " = any(:" + name("teamIds") + "))";
    }

    /** The parameters of {@link #covers}, in a map the query may add its own to. */
    public Map<String, Object> params() {
        Map<String, Object> params = new HashMap<>();
        params.put(name("allTeams"), allTeams);
        params.put(name("teamIds"), teamIds);
        return params;
    }

    /** Whether every team is covered: a query may then skip resolving the visible projects first. */
    public boolean allTeams() {
        return allTeams;
    }

    private String name(String parameter) {
        return prefix.isEmpty() ? parameter : prefix + Character.toUpperCase(parameter.charAt(0)) + parameter.substring(1);
    }
}
