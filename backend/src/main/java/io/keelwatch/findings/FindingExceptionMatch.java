package io.keelwatch.findings;

import java.time.OffsetDateTime;

/**
 * An exception that matches a finding — same vulnerability or check id, a scope covering the
 * finding's project (the project itself or its whole team), the finding's package or any — in
 * whatever state, as the finding's page and {@code GET /api/v1/findings/{id}} list it.
 *
 * @param state      proposed, approved, rejected, revoked, or expired (see {@link FindingExceptionSummary#expired()})
 * @param project    the project slug, or null when it covers every project of the team
 * @param setsStatus whether this is the exception that set the finding's current status
 * @param href       the exception in the API
 */
public record FindingExceptionMatch(long id, String state, ExceptionKind kind, String team, String project,
        String packageName, String justification, VexJustification vexJustification, String proposedBy,
        OffsetDateTime proposedAt, String approvedBy, String decidedBy, OffsetDateTime decidedAt, OffsetDateTime expiresAt,
        boolean setsStatus, String href) {

    /** @param statusSetBy the exception that set the finding's status ({@code finding.exception_id}), or null */
    static FindingExceptionMatch of(FindingExceptionSummary e, Long statusSetBy) {
        return new FindingExceptionMatch(e.id(), e.shownState(), e.kind(), e.team(), e.project(), e.packageName(),
                e.justification(), e.vexJustification(), e.proposedBy(), e.proposedAt(), e.approvedBy(), e.decidedBy(),
                e.decidedAt(), e.expiresAt(), statusSetBy != null && statusSetBy == e.id(),
                "/api/v1/exceptions/" + e.id());
    }
}
