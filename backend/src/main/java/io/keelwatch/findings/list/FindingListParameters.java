package io.keelwatch.findings.list;

import io.keelwatch.findings.FindingFilter;
import io.keelwatch.findings.FindingSort;
import java.util.List;

/**
 * The findings list's query parameters as the API, the CSV export, bulk triage and the browser
 * page all take them, so a filter means the same thing everywhere.
 */
record FindingListParameters(String project, String image, List<String> severity, List<String> status, String kind,
        String text, String due, Boolean fixAvailable, String runningIn, String sort, String direction, String cluster) {

    FindingFilter filter() {
        return FindingFilter.fromParameters(project, image, severity, status, kind, text, due, fixAvailable, runningIn, cluster);
    }

    FindingSort order() {
        return FindingSort.of(sort, direction);
    }
}
