package io.keelwatch.findings;

import io.keelwatch.platform.CommonProblem;
import io.keelwatch.platform.KeelwatchException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * Filters of the findings list, shared by the API and the browser page.
 *
 * @param image a digest ({@code sha256:…}) or a repository
 * @param text         matched against vulnerability/check id, package, title and target
 * @param due          SLA window of actionable findings, or null for any
 * @param fixAvailable whether the scanner named a fixed version, or null for either
 * @param runningIn    an environment: only findings of images running there now (in workloads the caller sees), or null
 * @param cluster      a cluster's name: only that cluster's own findings (null: any finding)
 * @param assignee     {@link #ME} (the caller), {@link #NOBODY} (unassigned) or a username; null for anyone
 * @param team         a team's slug: only its projects' findings (within what the caller sees anyway)
 * @param newSinceLastScan only findings the latest scan of their image (in their project) introduced
 * @param tag          only images seen under this tag: the tag alone ({@code 1.4.2}) or with its repository
 *                     ({@code registry.example.com/payments/api:1.4.2})
 */
public record FindingFilter(String project, String image, List<Severity> severity, List<FindingStatus> status,
        FindingKind kind, String text, Due due, Boolean fixAvailable, String runningIn, String cluster, String assignee,
        String team, boolean newSinceLastScan, String tag) {

    /** The assignee filter meaning "assigned to the caller". */
    public static final String ME = "me";
    /** The assignee filter meaning "assigned to nobody". */
    public static final String NOBODY = "none";
    /** Longest assignee, team or tag a filter takes (usernames, slugs and tags are shorter). */
    private static final int MAX_NAME = 300;

    /** SLA windows; both mean actionable (open or in progress) findings only, since closed ones are not due. */
    public enum Due {
        /** past their due date */
        breached,
        /** due today or within the next 7 days, not yet breached */
        week;

        public String parameter() {
            return this == week ? "7d" : name();
        }

        static Due parse(String raw) {
            if (raw == null || raw.isBlank()) {
                return null;
            }
            for (Due due : values()) {
                if (due.parameter().equalsIgnoreCase(raw.trim()) || due.name().equalsIgnoreCase(raw.trim())) {
                    return due;
                }
            }
            throw new KeelwatchException(CommonProblem.INVALID_REQUEST, "Unknown due '" + raw.trim() + "': use breached or 7d.");
        }
    }

    public FindingFilter {
        severity = severity == null ? List.of() : List.copyOf(severity);
        status = status == null ? List.of() : List.copyOf(status);
        project = blankToNull(project);
        image = blankToNull(image);
        text = blankToNull(text);
        runningIn = blankToNull(runningIn);
        cluster = blankToNull(cluster);
        assignee = bounded(blankToNull(assignee), "assignee");
        team = bounded(blankToNull(team), "team");
        tag = bounded(blankToNull(tag), "tag");
    }

    /** A filter of any subject, without where images run and the people-oriented filters. */
    public FindingFilter(String project, String image, List<Severity> severity, List<FindingStatus> status,
            FindingKind kind, String text, Due due, Boolean fixAvailable) {
        this(project, image, severity, status, kind, text, due, fixAvailable, null, null, null, null, false, null);
    }

    /** Builds a filter from request parameters as typed by people: case-insensitive, comma-separated. */
    public static FindingFilter fromParameters(String project, String image, List<String> severity, List<String> status,
            String kind, String text, String due, Boolean fixAvailable, String runningIn, String cluster, String assignee,
            String team, Boolean newSinceLastScan, String tag) {
        return new FindingFilter(project, image, values(severity, Severity::valueOf, "severity"),
                values(status, FindingStatus::valueOf, "status"),
                kind == null || kind.isBlank() ? null : value(kind, FindingKind::valueOf, "kind"), text, Due.parse(due),
                fixAvailable, runningIn, cluster, assignee, team, Boolean.TRUE.equals(newSinceLastScan), tag);
    }

    private static String bounded(String value, String name) {
        if (value != null && value.length() > MAX_NAME) {
            throw new KeelwatchException(CommonProblem.INVALID_REQUEST, name + " is at most " + MAX_NAME + " characters.");
        }
        return value;
    }

    private static <E extends Enum<E>> List<E> values(List<String> raw, Function<String, E> parse, String name) {
        if (raw == null) {
            return List.of();
        }
        return raw.stream()
                .flatMap(v -> Arrays.stream(v.split(",")))
                .map(String::trim)
                .filter(v -> !v.isEmpty())
                .map(v -> value(v, parse, name))
                .distinct()
                .toList();
    }

    private static <E extends Enum<E>> E value(String raw, Function<String, E> parse, String name) {
        String candidate = raw.trim();
        for (String form : List.of(candidate.toUpperCase(Locale.ROOT), candidate.toLowerCase(Locale.ROOT).replace(' ', '_'))) {
            try {
                return parse.apply(form);
            } catch (IllegalArgumentException ignored) {
                // try the next spelling
            }
        }
        throw new KeelwatchException(CommonProblem.INVALID_REQUEST, "Unknown " + name + " '" + candidate + "'.");
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }

    /** The same filter for another image (null: every image). */
    public FindingFilter withImage(String otherImage) {
        return new FindingFilter(project, otherImage, severity, status, kind, text, due, fixAvailable, runningIn, cluster,
                assignee, team, newSinceLastScan, tag);
    }
}
