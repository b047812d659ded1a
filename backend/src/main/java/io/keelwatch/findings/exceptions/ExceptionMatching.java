package io.keelwatch.findings.exceptions;

import io.keelwatch.findings.ExceptionKind;
import java.util.Arrays;
import java.util.stream.Collectors;

/** The SQL of what an exception covers and what giving a finding back means, shared by every statement that needs them. */
public final class ExceptionMatching {

    private static final String EXCEPTION_STATUSES = Arrays.stream(ExceptionKind.values())
            .map(kind -> "'" + kind.status().name() + "'").collect(Collectors.joining(", "));

    /**
     * The matching rule, in one place: exception {@code e} covers finding {@code f} of project
     * {@code fp} when it belongs to the project's team, names the project or none (the whole team),
     * names the finding's package or none, and names its vulnerability or check id.
     */
    public static final String MATCHES = """
            e.team_id = fp.team_id and (e.project_id is null or e.project_id = f.project_id)
                 and (e.package_name is null or e.package_name = f.package_name)
                 and e.match_id in (f.vulnerability_id, f.rule_id)""";

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
