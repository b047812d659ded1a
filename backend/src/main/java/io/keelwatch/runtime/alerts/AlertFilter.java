package io.keelwatch.runtime.alerts;

import io.keelwatch.platform.CommonProblem;
import io.keelwatch.platform.KeelwatchException;
import io.keelwatch.runtime.Priority;
import java.time.OffsetDateTime;

/**
 * What the alerts list is narrowed to; null parts do not narrow.
 *
 * @param priority this priority or a more severe one (Falco's names, case-insensitive)
 * @param from     alerts seen at or after (their last event)
 * @param to       alerts seen at or before (their first event)
 */
public record AlertFilter(String cluster, String namespace, String project, String rule, String priority,
        OffsetDateTime from, OffsetDateTime to) {

    public static final AlertFilter NONE = new AlertFilter(null, null, null, null, null, null, null);

    public AlertFilter {
        cluster = blankAsNull(cluster);
        namespace = blankAsNull(namespace);
        project = blankAsNull(project);
        rule = blankAsNull(rule);
        priority = blankAsNull(priority);
        if (priority != null && Priority.fromFalco(priority).isEmpty()) {
            throw new KeelwatchException(CommonProblem.INVALID_REQUEST, "Unknown priority; Falco's are Emergency, Alert, "
                    + "Critical, Error, Warning, Notice, Informational, Debug.");
        }
    }

    /** The rank the priority filter admits at most (lower is more severe), or null. */
    Integer maxRank() {
        return priority == null ? null : Priority.fromFalco(priority).orElseThrow().rank();
    }

    private static String blankAsNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
