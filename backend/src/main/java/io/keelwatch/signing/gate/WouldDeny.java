package io.keelwatch.signing.gate;

import io.keelwatch.access.Viewer;
import io.keelwatch.inventory.EnvironmentSummary;
import io.keelwatch.inventory.InventoryService;
import io.keelwatch.platform.CommonProblem;
import io.keelwatch.platform.KeelwatchException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.springframework.stereotype.Service;

/**
 * "What would the gate say?" for everything running now: per environment, the images running in workloads the caller
 * sees that break a rule of a matching policy — denied now (an enforced rule) or warned (a warn-mode rule, which would
 * deny once its policy enforces), so a lead switches a policy to enforce knowing its effect.
 */
@Service
class WouldDeny {

    private final GateService gate;
    private final GateQueries queries;
    private final InventoryService inventory;

    WouldDeny(GateService gate, GateQueries queries, InventoryService inventory) {
        this.gate = gate;
        this.queries = queries;
        this.inventory = inventory;
    }

    /** Every running image with a broken rule, most critical environment first; {@code environment} null for all. */
    List<GateDecision> running(String environment, Viewer viewer) {
        List<String> environments = new ArrayList<>(inventory.environments().stream().map(EnvironmentSummary::name).toList());
        Collections.reverse(environments);
        if (environment != null && !environment.isBlank()) {
            if (!environments.contains(environment.strip())) {
                throw new KeelwatchException(CommonProblem.INVALID_REQUEST, "environment is one of: "
                        + String.join(", ", environments) + ".");
            }
            environments = List.of(environment.strip());
        }
        List<GateDecision> broken = new ArrayList<>();
        for (String name : environments) {
            List<GateImage> images = queries.images(inventory.imagesRunningIn(name, viewer));
            gate.decideEach(images, name).stream().filter(d -> !GateDecision.ALLOW.equals(d.decision())).forEach(broken::add);
        }
        return broken;
    }
}
