package io.keelwatch.findings;

import io.keelwatch.platform.CommonProblem;
import io.keelwatch.platform.KeelwatchException;

/** OpenVEX v0.2.0's justification labels for {@code not_affected} statements. */
public enum VexJustification {
    component_not_present, vulnerable_code_not_present, vulnerable_code_not_in_execute_path,
    vulnerable_code_cannot_be_controlled_by_adversary, inline_mitigations_already_exist;

    public static VexJustification parse(String raw) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        try {
            return valueOf(raw.trim());
        } catch (IllegalArgumentException e) {
            throw new KeelwatchException(CommonProblem.INVALID_REQUEST,
                    "Unknown VEX justification '" + raw.trim() + "'.");
        }
    }
}
