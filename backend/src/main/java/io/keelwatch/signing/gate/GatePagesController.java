package io.keelwatch.signing.gate;

import io.keelwatch.access.CurrentViewer;
import io.keelwatch.access.Viewer;
import io.keelwatch.inventory.EnvironmentSummary;
import io.keelwatch.inventory.InventoryService;
import io.keelwatch.platform.Page;
import io.keelwatch.platform.PageRequest;
import io.keelwatch.signing.GateRule;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * {@code /signing/gate}, "what would the gate say?": the policies, and the running workloads (those the caller sees) the
 * policies would deny or warn, with every reason — so a lead sees which workloads a warn policy would block once it
 * enforces. The waiver form posts to the exceptions' page endpoint (one exception mechanism), pre-filled from a reason.
 */
@Controller
class GatePagesController {

    static final int PAGE_SIZE = 50;

    private final WouldDeny wouldDeny;
    private final GatePolicyService policies;
    private final InventoryService inventory;
    private final CurrentViewer currentViewer;

    GatePagesController(WouldDeny wouldDeny, GatePolicyService policies, InventoryService inventory, CurrentViewer currentViewer) {
        this.wouldDeny = wouldDeny;
        this.policies = policies;
        this.inventory = inventory;
        this.currentViewer = currentViewer;
    }

    /**
     * @param policy    only the workloads a rule of this policy counts against
     * @param rule      pre-fills the waiver form (with {@code imagePattern} and {@code imageDigest})
     */
    @GetMapping("/signing/gate")
    @PreAuthorize("@access.canRead()")
    String page(@RequestParam(required = false) String environment, @RequestParam(required = false) String policy,
            @RequestParam(required = false) Integer page, @RequestParam(required = false) String rule,
            @RequestParam(required = false) String imagePattern, @RequestParam(required = false) String imageDigest, Model model) {
        Viewer viewer = currentViewer.get();
        String env = environment == null || environment.isBlank() ? null : environment.strip();
        String only = policy == null || policy.isBlank() ? null : policy.strip();
        List<GatePolicySummary> all = policies.policies();
        List<WouldDenyWorkload> workloads = wouldDeny.workloads(env, viewer);
        Map<String, Long> affected = new LinkedHashMap<>();
        all.forEach(p -> affected.put(p.name(), workloads.stream().filter(w -> w.brokenBy(p.name())).count()));
        List<WouldDenyWorkload> shown = only == null ? workloads : workloads.stream().filter(w -> w.brokenBy(only)).toList();
        PageRequest request = PageRequest.of(page, PAGE_SIZE, PAGE_SIZE);
        int from = (int) Math.min(request.offset(), shown.size());
        model.addAttribute("rows", new Page<>(shown.subList(from, Math.min(from + request.size(), shown.size())), request.page(),
                request.size(), shown.size()));
        model.addAttribute("pagerUrl", UriComponentsBuilder.fromPath("/signing/gate").queryParamIfPresent("environment",
                Optional.ofNullable(env)).queryParamIfPresent("policy", Optional.ofNullable(only)).build()
                .encode().toUriString() + (env == null && only == null ? "?" : "&"));
        model.addAttribute("policies", all);
        model.addAttribute("affected", affected);
        model.addAttribute("environment", env);
        model.addAttribute("policy", only);
        List<String> environments = new ArrayList<>(inventory.environments().stream().map(EnvironmentSummary::name).toList());
        Collections.reverse(environments); // most critical first, as the list
        model.addAttribute("environments", environments);
        model.addAttribute("rules", List.of(GateRule.values()).stream().map(GateRule::id).toList());
        model.addAttribute("projects", inventory.visibleProjects(viewer));
        model.addAttribute("waiveRule", GateRule.of(rule).map(GateRule::id).orElse(null));
        model.addAttribute("waiveImage", imagePattern);
        model.addAttribute("waiveDigest", imageDigest);
        return "signing/gate";
    }
}
