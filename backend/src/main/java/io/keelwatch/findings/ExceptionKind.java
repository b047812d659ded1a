package io.keelwatch.findings;

/** What an exception says about the findings it matches; each is also the status it gives them. */
public enum ExceptionKind {
    risk_accepted, false_positive, not_affected;

    public FindingStatus status() {
        return FindingStatus.valueOf(name());
    }
}
