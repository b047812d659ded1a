package io.keelwatch.findings;

import io.keelwatch.access.Viewer;
import java.util.HashMap;
import java.util.Map;

/**
 * The one SQL rule for what a viewer may read in this package: records of their teams, or of all
 * teams for those who see everything. Every query filters with it, so a record of another team is
 * missing exactly like one that does not exist.
 */
public final class TeamVisibility {

    /** Projects (aliased {@code p}) the viewer sees. */
    public static final String VISIBLE_PROJECTS = visible("p.team_id");

    private TeamVisibility() {
    }

    /** Rows whose team is {@code teamColumn} that the viewer sees. */
    public static String visible(String teamColumn) {
        return "(:allTeams or " + teamColumn + " = any(:teamIds))";
    }

    /** The parameters {@link #visible} needs, in a map the query may add its own to. */
    public static Map<String, Object> params(Viewer viewer) {
        Map<String, Object> params = new HashMap<>();
        params.put("allTeams", viewer.allTeams());
        params.put("teamIds", viewer.teamIdArray());
        return params;
    }
}
