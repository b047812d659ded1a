package io.keelwatch.signing.gate;

import java.util.List;

/**
 * The gate's answer for images in an environment.
 *
 * @param decision         {@code allow}, {@code warn} (only warn-mode rules broken) or {@code deny} (an enforced rule broken)
 * @param matchedPolicies  the names of the policies that applied (an image no policy matches is allowed)
 * @param reasons          every broken rule, enforced ones first
 */
public record GateDecision(List<String> images, String environment, String decision, List<String> matchedPolicies,
        List<GateReason> reasons) {

    public static final String ALLOW = "allow";
    public static final String WARN = "warn";
    public static final String DENY = "deny";

    boolean denied() {
        return DENY.equals(decision);
    }
}
