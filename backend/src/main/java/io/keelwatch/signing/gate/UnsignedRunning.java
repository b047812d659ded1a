package io.keelwatch.signing.gate;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * An image running in an environment where a policy requires a signature, without one the policy accepts: a flag on
 * the posture of the project whose workloads run it.
 *
 * @param project     the slug of the project owning the namespaces it runs in, or null when no rule maps them
 * @param image       repository@digest
 * @param workloads   how many of the project's workloads run it in the environment
 * @param seenRunning false when only an admission let it in so far (no snapshot showed it running yet)
 * @param status      its best signature's status in any project ({@code verified}, {@code reported},
 *                    {@code untrusted_signer}, {@code invalid}) or {@code missing}
 * @param reasons     the signature rule of each policy requiring one, enforced ones first
 */
public record UnsignedRunning(String environment, String project, long imageId, String image, int workloads, boolean seenRunning,
        String status, List<GateReason> reasons) {

    /** Whether an enforced policy requires the signature (it runs although the gate would deny it now). */
    @JsonProperty
    public boolean enforced() {
        return reasons.stream().anyMatch(r -> GateDecision.DENY.equals(r.effect()));
    }
}
