package io.keelwatch.findings;

import java.time.OffsetDateTime;

/**
 * An exception as the API and pages show it.
 *
 * @param project           the project slug, or null when it covers every project of the team
 * @param findingsCovered   findings it currently applies to (that the viewer sees)
 */
public record FindingExceptionSummary(long id, String team, String project, String matchId, String packageName,
        ExceptionKind kind, String justification, VexJustification vexJustification, ExceptionState state,
        String proposedBy, OffsetDateTime proposedAt, String approvedBy, String decidedBy, OffsetDateTime decidedAt,
        OffsetDateTime expiresAt, OffsetDateTime lapsedAt, String source, long findingsCovered) {

    public boolean active() {
        return state == ExceptionState.approved && lapsedAt == null
                && (expiresAt == null || expiresAt.isAfter(OffsetDateTime.now()));
    }
}
