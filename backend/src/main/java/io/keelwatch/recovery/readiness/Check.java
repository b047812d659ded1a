package io.keelwatch.recovery.readiness;

/** A part of a namespace's policy: met, breached, or not measured since no policy applies. */
public enum Check {
    MET, BREACHED, NO_POLICY
}
