package io.keelwatch.findings;

import java.time.OffsetDateTime;

/**
 * An exception as the API and pages show it.
 *
 * @param project           the project slug, or null when it covers every project of the team
 * @param decisionComment   what the lead who decided said about it (optional)
 * @param findingsCovered   findings it currently applies to (that the viewer sees)
 * @param team              the team slug, or null for a mute scoped to a cluster alone (it covers every team's alerts there)
 * @param mute              what a mute matches besides its rule ({@code matchId}), or null: the subject is not a runtime rule
 * @param gateWaiver        what a gate-rule waiver narrows its project to (its rule is {@code matchId}), or null: the
 *                          subject is not a rule of the deploy gate
 */
public record FindingExceptionSummary(long id, String team, String project, String matchId, String packageName,
        ExceptionKind kind, String justification, VexJustification vexJustification, ExceptionState state,
        String proposedBy, OffsetDateTime proposedAt, String approvedBy, String decidedBy, OffsetDateTime decidedAt,
        String decisionComment,
        OffsetDateTime expiresAt, OffsetDateTime lapsedAt, String source, long findingsCovered, MuteTerms mute,
        GateWaiverTerms gateWaiver) {

    /** State shown to people: an open exception past its expiry reads "expired" (the stored state does not change). */
    static final String EXPIRED = "expired";

    /** Whether it mutes runtime alerts (its subject is a Falco rule) rather than setting findings' status. */
    public boolean mutesAlerts() {
        return mute != null;
    }

    /** Whether it waives a rule of the deploy gate rather than setting findings' status. */
    public boolean waivesGateRule() {
        return gateWaiver != null;
    }

    /** Whether findings are its subject (neither a mute nor a gate-rule waiver): only then does it set findings' status. */
    public boolean coversFindings() {
        return mute == null && gateWaiver == null;
    }

    public boolean active() {
        return state == ExceptionState.approved && lapsedAt == null
                && (expiresAt == null || expiresAt.isAfter(OffsetDateTime.now()));
    }

    /**
     * Whether it ran out: approved and lapsed (the expiry job reopened its findings), or still open
     * (proposed or approved) with its expiry passed. A proposal past its expiry can no longer be
     * approved, so it is as finished as an expired approval.
     */
    public boolean expired() {
        boolean open = state == ExceptionState.proposed || state == ExceptionState.approved;
        return open && (lapsedAt != null || expiresAt != null && !expiresAt.isAfter(OffsetDateTime.now()));
    }

    /** Rejected, revoked or expired: nothing about it changes any more. */
    public boolean closed() {
        return state == ExceptionState.rejected || state == ExceptionState.revoked || expired();
    }

    /** proposed, approved, rejected, revoked or expired. */
    public String shownState() {
        return expired() ? EXPIRED : state.name();
    }
}
