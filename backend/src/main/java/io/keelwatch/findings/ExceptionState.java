package io.keelwatch.findings;

/** An exception's life: proposed by a developer, decided by a lead; only approved ones apply. */
public enum ExceptionState {
    proposed, approved, rejected, revoked
}
