package io.keelwatch.signing.gate;

/**
 * One broken rule of one policy for one image.
 *
 * @param effect {@code deny} (the policy enforces) or {@code warn}
 * @param rule   {@code signature}, {@code max-severity}, {@code fixable-critical-age} or {@code scanned-within}
 */
public record GateReason(String image, String policy, String mode, String effect, String rule, String detail) {
}
