package io.keelwatch.findings.list;

import io.keelwatch.findings.FindingFilter;
import io.keelwatch.findings.FindingSort;
import io.swagger.v3.oas.annotations.Parameter;
import java.util.List;

/**
 * The findings list's query parameters as the API, the CSV export, bulk triage and the browser
 * page all take them, so a filter means the same thing everywhere.
 */
record FindingListParameters(String project, String image, List<String> severity, List<String> status, String kind,
        String text, String due, Boolean fixAvailable, String runningIn,
        @Parameter(description = "me (the caller), none (unassigned) or a username") String assignee,
        @Parameter(description = "a team's slug") String team,
        @Parameter(description = "true: only findings the latest scan of their image introduced") Boolean newSinceLastScan,
        @Parameter(description = "an image tag seen: the tag alone (1.4.2) or with its repository (repo:1.4.2)") String tag,
        String sort, String direction, String cluster) {

    FindingFilter filter() {
        return FindingFilter.fromParameters(project, image, severity, status, kind, text, due, fixAvailable, runningIn, cluster,
                assignee, team, newSinceLastScan, tag);
    }

    FindingSort order() {
        return FindingSort.of(sort, direction);
    }
}
