package io.keelwatch.runtime.alerts;

import io.keelwatch.platform.CommonProblem;
import io.keelwatch.platform.KeelwatchException;
import io.keelwatch.runtime.Priority;
import java.time.OffsetDateTime;
import java.util.Locale;

/**
 * What the alerts list is narrowed to; null parts do not narrow. Priorities are the alert's after
 * {@link PrioritySettings per-rule overrides}.
 *
 * @param priority     this priority or a more severe one (Falco's names, case-insensitive)
 * @param onlyPriority exactly this priority (what a bar of the chart leads to)
 * @param from         alerts seen at or after (their last event)
 * @param to           alerts seen at or before (their first event)
 * @param muted        alerts a mute exception in force matches: {@code no} (the default: hidden, and counted), {@code yes} or {@code any}
 */
public record AlertFilter(String cluster, String environment, String namespace, String project, String rule, String priority,
        String onlyPriority, OffsetDateTime from, OffsetDateTime to, Muted muted) {

    /** Whether muted alerts are listed: not (the default), only they, or both. */
    public enum Muted {
        no, yes, any;

        /** {@code yes}, {@code no} or {@code any}, case-insensitive; blank: the default, {@code no}. */
        public static Muted parse(String value) {
            if (value == null || value.isBlank()) {
                return no;
            }
            try {
                return valueOf(value.strip().toLowerCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new KeelwatchException(CommonProblem.INVALID_REQUEST, "muted is yes, no or any.");
            }
        }
    }

    public static final AlertFilter NONE = new AlertFilter(null, null, null, null, null, null, null, null, null, Muted.no);

    public AlertFilter {
        cluster = bounded("cluster", cluster, 63);
        environment = bounded("environment", environment, 63);
        namespace = bounded("namespace", namespace, 253);
        project = bounded("project", project, 63);
        rule = bounded("rule", rule, 512);
        priority = checkedPriority(blankAsNull(priority));
        onlyPriority = checkedPriority(blankAsNull(onlyPriority));
        muted = muted == null ? Muted.no : muted;
    }

    /** The rank the priority filter admits at most (lower is more severe), or null. */
    Integer maxRank() {
        return priority == null ? null : Priority.fromFalco(priority).orElseThrow().rank();
    }

    /** The one rank {@code onlyPriority} admits, or null. */
    Integer onlyRank() {
        return onlyPriority == null ? null : Priority.fromFalco(onlyPriority).orElseThrow().rank();
    }

    /** The same filter showing muted alerts as {@code muted} says. */
    AlertFilter withMuted(Muted muted) {
        return new AlertFilter(cluster, environment, namespace, project, rule, priority, onlyPriority, from, to, muted);
    }

    /** The same filter over all time: the chart reads its range as whole days. */
    AlertFilter withoutRange() {
        return new AlertFilter(cluster, environment, namespace, project, rule, priority, onlyPriority, null, null, muted);
    }

    private static String checkedPriority(String priority) {
        if (priority != null && Priority.fromFalco(priority).isEmpty()) {
            throw new KeelwatchException(CommonProblem.INVALID_REQUEST, "Unknown priority; Falco's are Emergency, Alert, "
                    + "Critical, Error, Warning, Notice, Informational, Debug.");
        }
        return priority;
    }

    private static String bounded(String name, String value, int max) {
        String v = blankAsNull(value);
        if (v != null && v.length() > max) {
            throw new KeelwatchException(CommonProblem.INVALID_REQUEST, name + " may have at most " + max + " characters.");
        }
        return v;
    }

    private static String blankAsNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
