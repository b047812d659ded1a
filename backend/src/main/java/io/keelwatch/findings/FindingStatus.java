package io.keelwatch.findings;

public enum FindingStatus {
    open, in_progress, fixed, risk_accepted, false_positive, not_affected;

    /** Statuses that still need someone to act. */
    public static final java.util.List<FindingStatus> ACTIONABLE = java.util.List.of(open, in_progress);
}
