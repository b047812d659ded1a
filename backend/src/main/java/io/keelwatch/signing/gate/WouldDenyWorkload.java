package io.keelwatch.signing.gate;

import io.keelwatch.inventory.ImagePlacement;
import java.util.List;

/**
 * A running container whose image the gate would not simply allow, with the gate's decision for its environment.
 * Public for the page's expressions; not part of the module's API.
 *
 * @param image the image as the gate was asked about it (repository@digest)
 */
public record WouldDenyWorkload(ImagePlacement placement, String image, GateDecision decision) {

    /** Whether a rule of the named policy counts against it (not waived): it is denied or warned by that policy. */
    public boolean brokenBy(String policy) {
        return decision.reasons().stream().anyMatch(r -> r.counts() && r.policy().equals(policy));
    }

    /** The reasons that count, then the waived ones. */
    public List<GateReason> reasons() {
        return decision.reasons();
    }
}
