package io.keelwatch.inventory.clusters;

import io.keelwatch.access.CurrentViewer;
import io.keelwatch.access.Viewer;
import io.keelwatch.inventory.ClusterSummary;
import io.keelwatch.inventory.InventoryService;
import io.keelwatch.platform.KeelwatchException;
import io.keelwatch.platform.PageRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.List;
import java.util.function.Supplier;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The clusters list and a cluster's page: its namespace rules (those of the caller's teams' projects)
 * and who owns a namespace; for leads and admins the forms to add, edit and delete. Each change
 * answers with a redirect, its outcome in the flash; a cluster that does not exist is the 404 page.
 */
@Controller
class ClusterPagesController {

    private final ClusterService clusters;
    private final NamespaceRuleService rules;
    private final InventoryService inventory;
    private final CurrentViewer currentViewer;

    ClusterPagesController(ClusterService clusters, NamespaceRuleService rules, InventoryService inventory,
            CurrentViewer currentViewer) {
        this.clusters = clusters;
        this.rules = rules;
        this.inventory = inventory;
        this.currentViewer = currentViewer;
    }

    @GetMapping("/clusters")
    @PreAuthorize("@access.canRead()")
    String list(@RequestParam(required = false) Integer page, Model model) {
        model.addAttribute("page", clusters.clusters(null, PageRequest.of(page, 100, 100)));
        model.addAttribute("environments", inventory.environments());
        model.addAttribute("mayManage", currentViewer.get().mayManageClusters());
        return "inventory/clusters";
    }

    @PostMapping("/clusters")
    @PreAuthorize("@access.canManageClusters()")
    String create(@RequestParam(required = false) String name, @RequestParam(required = false) String environment,
            @RequestParam(required = false) String description, RedirectAttributes redirect) {
        try {
            ClusterSummary created = clusters.create(new NewCluster(name, environment, description), currentViewer.get());
            redirect.addFlashAttribute("message", "Cluster " + created.name() + " added; give its namespaces to projects below.");
            return "redirect:/clusters/" + created.name();
        } catch (KeelwatchException e) {
            redirect.addFlashAttribute("error", e.getMessage());
            return "redirect:/clusters";
        }
    }

    /** The cluster; {@code namespace} asks who owns that namespace (a bad name is answered on the page, with 400). */
    @GetMapping("/clusters/{name}")
    @PreAuthorize("@access.canRead()")
    String cluster(@PathVariable String name, @RequestParam(required = false) String namespace, Model model,
            HttpServletResponse response) {
        Viewer viewer = currentViewer.get();
        ClusterSummary cluster = clusters.cluster(name);
        model.addAttribute("cluster", cluster);
        model.addAttribute("rules", rules.rules(name, viewer));
        model.addAttribute("mayManage", viewer.mayManageClusters());
        model.addAttribute("seesEveryTeam", viewer.allTeams());
        model.addAttribute("environments", inventory.environments());
        model.addAttribute("projects", viewer.mayManageClusters() ? inventory.visibleProjects(viewer) : List.of());
        model.addAttribute("namespace", namespace);
        if (namespace != null && !namespace.isBlank()) {
            try {
                model.addAttribute("preview", rules.preview(name, namespace.strip(), viewer));
            } catch (KeelwatchException e) {
                response.setStatus(e.kind().status().value());
                model.addAttribute("previewError", e.getMessage());
            }
        }
        return "inventory/cluster";
    }

    @PostMapping("/clusters/{name}")
    @PreAuthorize("@access.canManageClusters()")
    String change(@PathVariable String name, @RequestParam(required = false) String newName,
            @RequestParam(required = false) String environment, @RequestParam(required = false) String description,
            RedirectAttributes redirect) {
        clusters.cluster(name); // one that does not exist is the 404 page, not a message
        try {
            ClusterSummary changed = clusters.change(name, new ClusterChange(newName, environment, description), currentViewer.get());
            redirect.addFlashAttribute("message", "Cluster " + changed.name() + " saved.");
            return "redirect:/clusters/" + changed.name();
        } catch (KeelwatchException e) {
            redirect.addFlashAttribute("error", e.getMessage());
            return "redirect:/clusters/" + name;
        }
    }

    @PostMapping("/clusters/{name}/delete")
    @PreAuthorize("@access.canManageClusters()")
    String delete(@PathVariable String name, RedirectAttributes redirect) {
        clusters.cluster(name);
        try {
            clusters.delete(name, currentViewer.get());
            redirect.addFlashAttribute("message", "Cluster " + name + " deleted.");
            return "redirect:/clusters";
        } catch (KeelwatchException e) {
            redirect.addFlashAttribute("error", e.getMessage());
            return "redirect:/clusters/" + name;
        }
    }

    @PostMapping("/clusters/{name}/namespace-rules")
    @PreAuthorize("@access.canManageClusters()")
    String addRule(@PathVariable String name, @RequestParam(required = false) String pattern,
            @RequestParam(required = false) String project, RedirectAttributes redirect) {
        return ruleChange(name, redirect, () -> {
            NamespaceRuleSummary added = rules.add(name, new NewNamespaceRule(pattern, project), currentViewer.get());
            return "Namespaces matching " + added.pattern() + " belong to " + added.project() + " (team " + added.team() + ").";
        });
    }

    @PostMapping("/clusters/{name}/namespace-rules/{id}/delete")
    @PreAuthorize("@access.canManageClusters()")
    String deleteRule(@PathVariable String name, @PathVariable long id, RedirectAttributes redirect) {
        return ruleChange(name, redirect, () -> {
            rules.delete(name, id, currentViewer.get());
            return "Rule deleted.";
        });
    }

    private String ruleChange(String cluster, RedirectAttributes redirect, Supplier<String> change) {
        clusters.cluster(cluster);
        try {
            redirect.addFlashAttribute("message", change.get());
        } catch (KeelwatchException e) {
            redirect.addFlashAttribute("error", e.getMessage());
        }
        return "redirect:/clusters/" + cluster;
    }
}
