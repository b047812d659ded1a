package io.keelwatch.signing.gate;

import io.keelwatch.access.Viewer;
import io.keelwatch.inventory.EnvironmentSummary;
import io.keelwatch.inventory.ImagePlacement;
import io.keelwatch.inventory.InventoryService;
import io.keelwatch.platform.CommonProblem;
import io.keelwatch.platform.KeelwatchException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Service;

/**
 * "What would the gate say?" for everything running now: per environment, the images running in workloads the caller
 * sees that break a rule of a matching policy — denied now (an enforced rule) or warned (a warn-mode rule, which would
 * deny once its policy enforces), so a lead switches a policy to enforce knowing its effect. Per environment a fixed
 * number of statements (the running images, the gate's reads, and for the page where they run), whatever the number
 * of images.
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
        List<GateDecision> broken = new ArrayList<>();
        for (String name : environments(environment)) {
            broken.addAll(decided(name, viewer).values());
        }
        return broken;
    }

    /**
     * Every running container (of a workload the caller sees) whose image breaks a rule, most critical environment
     * first, then by cluster, namespace and workload.
     */
    List<WouldDenyWorkload> workloads(String environment, Viewer viewer) {
        List<WouldDenyWorkload> workloads = new ArrayList<>();
        for (String name : environments(environment)) {
            Map<Long, GateDecision> decided = decided(name, viewer);
            Map<Long, List<ImagePlacement>> placements = inventory.whereImagesRun(decided.keySet(), name, viewer);
            List<WouldDenyWorkload> here = new ArrayList<>();
            decided.forEach((imageId, decision) -> placements.getOrDefault(imageId, List.of())
                    .forEach(p -> here.add(new WouldDenyWorkload(p, decision.images().get(0), decision))));
            here.sort(Comparator.comparing((WouldDenyWorkload w) -> w.placement().cluster())
                    .thenComparing(w -> w.placement().namespace()).thenComparing(w -> w.placement().kind())
                    .thenComparing(w -> w.placement().name()).thenComparing(w -> w.placement().container()));
            workloads.addAll(here);
        }
        return workloads;
    }

    /** The images running in the environment (in workloads the caller sees) that the gate would deny or warn, by id. */
    private Map<Long, GateDecision> decided(String environment, Viewer viewer) {
        Map<Long, GateImage> images = queries.images(inventory.imagesRunningIn(environment, viewer));
        List<Long> ids = List.copyOf(images.keySet());
        List<GateDecision> decisions = gate.decideEach(List.copyOf(images.values()), environment);
        Map<Long, GateDecision> broken = new LinkedHashMap<>();
        for (int i = 0; i < ids.size(); i++) {
            if (!GateDecision.ALLOW.equals(decisions.get(i).decision())) {
                broken.put(ids.get(i), decisions.get(i));
            }
        }
        return broken;
    }

    /** The environments asked about, most critical first; a name that is none is a 400. */
    private List<String> environments(String environment) {
        List<String> environments = new ArrayList<>(inventory.environments().stream().map(EnvironmentSummary::name).toList());
        Collections.reverse(environments);
        if (environment != null && !environment.isBlank()) {
            if (!environments.contains(environment.strip())) {
                throw new KeelwatchException(CommonProblem.INVALID_REQUEST, "environment is one of: "
                        + String.join(", ", environments) + ".");
            }
            return List.of(environment.strip());
        }
        return environments;
    }
}
