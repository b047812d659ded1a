package io.keelwatch.signing.gate;

import io.keelwatch.access.Viewer;
import io.keelwatch.inventory.EnvironmentImage;
import io.keelwatch.inventory.EnvironmentSummary;
import io.keelwatch.inventory.InventoryService;
import io.keelwatch.platform.CommonProblem;
import io.keelwatch.platform.KeelwatchException;
import io.keelwatch.signing.gate.GateQueries.Policy;
import io.keelwatch.signing.gate.GateQueries.Signing;
import io.keelwatch.signing.gate.GateQueries.Waiver;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Images running where signatures are required, unsigned as far as the gate is concerned: for each image running now
 * (in workloads the caller sees) in an environment where a policy — enforced or warning — with authorities matches
 * its repository, the gate's own signature rule ({@link GateService#signature}) decides, so the flag and the gate
 * never disagree: a signature counts when Keelwatch verified it with a key or identity the policy accepts. Three reads
 * whatever the inventory's size: the policies, the running images of those environments, their signatures.
 */
@Service
public class UnsignedWhereRequired {

    private final GateQueries queries;
    private final InventoryService inventory;

    UnsignedWhereRequired(GateQueries queries, InventoryService inventory) {
        this.queries = queries;
        this.inventory = inventory;
    }

    /** Every such image, most critical environment first; {@code project} (a slug the caller sees) null for all. */
    @Transactional(readOnly = true)
    public List<UnsignedRunning> find(String project, Viewer viewer) {
        String slug = project == null || project.isBlank() ? null : project.strip();
        if (slug != null && inventory.visibleProject(slug, viewer).isEmpty()) {
            throw new KeelwatchException(CommonProblem.NOT_FOUND, "No project " + slug + ".");
        }
        List<Policy> requiring = queries.policies().stream().filter(p -> p.terms().requiresSignature()).toList();
        if (requiring.isEmpty()) {
            return List.of();
        }
        Set<String> environments = new LinkedHashSet<>();
        if (requiring.stream().anyMatch(p -> p.terms().environments().isEmpty())) {
            inventory.environments().stream().map(EnvironmentSummary::name).forEach(environments::add);
        } else {
            requiring.forEach(p -> environments.addAll(p.terms().environments()));
        }
        List<EnvironmentImage> running = inventory.imagesRunningIn(environments, slug, viewer).stream()
                .filter(r -> requiring.stream().anyMatch(p -> p.appliesTo(r.repository(), r.environment())))
                .toList();
        if (running.isEmpty()) {
            return List.of();
        }
        Map<Long, List<Signing>> signing = queries.signing(running.stream().map(EnvironmentImage::imageId).distinct()
                .toArray(Long[]::new));
        // a signature rule an approved waiver covers is the gate's allow too: not flagged
        Map<Long, List<Waiver>> waivers = queries.waivers(running.stream().map(EnvironmentImage::imageId).distinct().toList());
        List<UnsignedRunning> unsigned = new ArrayList<>();
        for (EnvironmentImage r : running) {
            Waiver waiver = waivers.getOrDefault(r.imageId(), List.of()).stream().filter(w -> "signature".equals(w.rule()))
                    .findFirst().orElse(null);
            List<Signing> signatures = signing.getOrDefault(r.imageId(), List.of());
            String image = r.repository() + "@" + r.digest();
            List<GateReason> reasons = new ArrayList<>();
            for (Policy policy : requiring) {
                String why = policy.appliesTo(r.repository(), r.environment()) ? GateService.signature(policy.terms(), signatures) : null;
                if (why != null) {
                    reasons.add(new GateReason(image, policy.terms().name(), policy.terms().mode(),
                            "enforce".equals(policy.terms().mode()) ? GateDecision.DENY : GateDecision.WARN, "signature", why,
                            waiver != null, waiver == null ? null : waiver.exceptionId(),
                            waiver == null ? null : waiver.expiresAt()));
                }
            }
            if (reasons.stream().anyMatch(GateReason::counts)) {
                reasons.sort(Comparator.comparing((GateReason g) -> !GateDecision.DENY.equals(g.effect())));
                unsigned.add(new UnsignedRunning(r.environment(), r.project(), r.imageId(), image, r.workloads(), r.seenRunning(),
                        best(signatures), List.copyOf(reasons)));
            }
        }
        return unsigned;
    }

    private static String best(List<Signing> signatures) {
        return signatures.stream().map(Signing::status)
                .min(Comparator.comparingInt(s -> List.of("verified", "reported", "untrusted_signer", "invalid").indexOf(s)))
                .orElse("missing");
    }
}
