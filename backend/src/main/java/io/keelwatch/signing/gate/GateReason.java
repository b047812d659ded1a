package io.keelwatch.signing.gate;

import java.time.OffsetDateTime;

/**
 * One broken rule of one policy for one image.
 *
 * @param effect      {@code deny} (the policy enforces) or {@code warn}: what the rule does unless waived
 * @param rule        {@code signature}, {@code max-severity}, {@code fixable-critical-age}, {@code scanned-within} or
 *                    {@code digest}
 * @param waived      an approved, unexpired exception waives the rule for this image: it is reported, but neither denies
 *                    nor warns
 * @param exceptionId the waiving exception, or null
 * @param waivedUntil when that exception expires, or null
 */
public record GateReason(String image, String policy, String mode, String effect, String rule, String detail, boolean waived,
        Long exceptionId, OffsetDateTime waivedUntil) {

    /** Whether the reason counts towards the decision: it is not waived. */
    boolean counts() {
        return !waived;
    }
}
