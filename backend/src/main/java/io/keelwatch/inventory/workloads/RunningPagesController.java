package io.keelwatch.inventory.workloads;

import io.keelwatch.access.CurrentViewer;
import io.keelwatch.inventory.DriftKind;
import io.keelwatch.inventory.InventoryService;
import io.keelwatch.platform.PageRequest;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.util.UriComponentsBuilder;

/** The Running page: containers of the caller's teams' namespaces (all for leads, auditors, admins) with their drift. */
@Controller
class RunningPagesController {

    private final WorkloadService workloads;
    private final InventoryService inventory;
    private final CurrentViewer currentViewer;

    RunningPagesController(WorkloadService workloads, InventoryService inventory, CurrentViewer currentViewer) {
        this.workloads = workloads;
        this.inventory = inventory;
        this.currentViewer = currentViewer;
    }

    @GetMapping("/running")
    @PreAuthorize("@access.canRead()")
    String running(@RequestParam(required = false) String cluster, @RequestParam(required = false) String environment,
            @RequestParam(required = false) String namespace, @RequestParam(required = false) String project,
            @RequestParam(required = false) String drift, @RequestParam(required = false) String state,
            @RequestParam(required = false) Integer page, Model model) {
        WorkloadFilter filter = WorkloadApiController.filter(cluster, environment, namespace, project, drift, state);
        model.addAttribute("filter", filter);
        model.addAttribute("page", workloads.running(filter, currentViewer.get(), PageRequest.of(page, 50, 50)));
        model.addAttribute("environments", inventory.environments());
        model.addAttribute("clusters", inventory.clusterNames());
        model.addAttribute("projects", inventory.visibleProjects(currentViewer.get()));
        model.addAttribute("driftKinds", List.of(DriftKind.values()));
        model.addAttribute("pageBaseUrl", UriComponentsBuilder.fromPath("/running")
                .queryParamIfPresent("cluster", Optional.ofNullable(filter.cluster()))
                .queryParamIfPresent("environment", Optional.ofNullable(filter.environment()))
                .queryParamIfPresent("namespace", Optional.ofNullable(filter.namespace()))
                .queryParamIfPresent("project", Optional.ofNullable(filter.project()))
                .queryParamIfPresent("drift", Optional.ofNullable(filter.drift()).map(DriftKind::value))
                .queryParam("state", filter.state().name().toLowerCase(Locale.ROOT))
                .build().encode().toUriString() + "&");
        return "inventory/running";
    }
}
