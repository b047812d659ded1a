package io.keelwatch.findings.exceptions;

import io.keelwatch.findings.ExceptionKind;
import java.util.Arrays;
import java.util.stream.Collectors;

/** The SQL of what an exception covers and what giving a finding back means, shared by every statement that needs them. */
public final class ExceptionMatching {

    private static final String EXCEPTION_STATUSES = Arrays.stream(ExceptionKind.values())
            .map(kind -> "'" + kind.status().name() + "'").collect(Collectors.joining(", "));

    /**
     * An exception's package as a {@code like} pattern: its {@code *} matches any characters (so
     * {@code musl*} covers {@code musl} and {@code musl-utils}), every other character only itself
     * ({@code _} and {@code %} are common in package names and escaped).
     */
    private static final String PACKAGE_PATTERN =
            "replace(replace(replace(replace(e.package_name, '\\', '\\\\'), '%', '\\%'), '_', '\\_'), '*', '%')";

    /**
     * The matching rule, in one place: exception {@code e} covers finding {@code f} of project
     * {@code fp} when its subject is findings (not a runtime rule: those mute alerts), it belongs to the project's team, names the project or none (the whole team),
     * names the finding's package (exactly, or by a {@code *} pattern) or none, and names its
     * vulnerability or check id.
     */
    public static final String MATCHES = """
            e.subject = 'finding' and e.team_id = fp.team_id and (e.project_id is null or e.project_id = f.project_id)
                 and (e.package_name is null or f.package_name like %s)
                 and e.match_id in (f.vulnerability_id, f.rule_id)""".formatted(PACKAGE_PATTERN);

    /**
     * Where several exceptions match one finding, which decides (an {@code order by} after the
     * finding): a project's before its team's, a named package before a pattern before any package,
     * a longer pattern before a shorter one, then the oldest.
     */
    public static final String MOST_SPECIFIC_FIRST = """
            e.project_id is null, e.package_name is null, strpos(e.package_name, '*') > 0, length(e.package_name) desc, e.id""";

    /**
     * A finding an exception released: the statuses exceptions set reopen; any other (fixed, or a
     * person's own decision) stays.
     */
    public static final String RELEASED_STATUS = "case when f.status in (" + EXCEPTION_STATUSES + ") then 'open' else f.status end";

    /**
     * A finding whose status an exception set and still holds (triage clears {@code exception_id}
     * when a person changes the status; a fixed finding keeps its status): a more specific exception
     * approved later may take it over.
     */
    public static final String HELD_BY_AN_EXCEPTION = "f.exception_id is not null and f.status in (" + EXCEPTION_STATUSES + ")";

    private ExceptionMatching() {
    }
}
