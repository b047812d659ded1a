package io.keelwatch.signing;

import java.util.Arrays;
import java.util.Optional;

/**
 * The gate's rules an exception may waive (a gate-rule waiver names one), by the name the gate's reasons carry.
 * A reference without a digest ({@code digest}) is not among them: nothing ties a tag to the project a waiver is for.
 */
public enum GateRule {
    SIGNATURE("signature"), MAX_SEVERITY("max-severity"), FIXABLE_CRITICAL_AGE("fixable-critical-age"),
    SCANNED_WITHIN("scanned-within");

    private final String id;

    GateRule(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    public static Optional<GateRule> of(String id) {
        return Arrays.stream(values()).filter(rule -> rule.id.equals(id)).findFirst();
    }
}
