package io.keelwatch.findings;

public enum FindingStatus {
    open, in_progress, fixed, risk_accepted, false_positive, not_affected
}
