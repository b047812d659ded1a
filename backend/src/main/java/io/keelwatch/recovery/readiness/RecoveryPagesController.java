package io.keelwatch.recovery.readiness;

import io.keelwatch.access.CurrentViewer;
import io.keelwatch.access.Viewer;
import io.keelwatch.platform.KeelwatchException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The recovery overview (cluster → namespace → project), a backup's and a restore's page, and the two fragments other
 * modules' pages load: an incident's clean restore point and a project's readiness badge (loaded by htmx, so neither
 * runtime nor inventory depends on recovery).
 */
@Controller
class RecoveryPagesController {

    private final ReadinessService readiness;
    private final CurrentViewer currentViewer;

    RecoveryPagesController(ReadinessService readiness, CurrentViewer currentViewer) {
        this.readiness = readiness;
        this.currentViewer = currentViewer;
    }

    @GetMapping("/recovery")
    @PreAuthorize("@access.canRead()")
    String overview(@RequestParam(required = false) String cluster, @RequestParam(required = false) String project, Model model) {
        Viewer viewer = currentViewer.get();
        List<NamespaceReadiness> namespaces = readiness.namespaces(cluster, project, viewer);
        Map<String, List<NamespaceReadiness>> byCluster = new LinkedHashMap<>();
        namespaces.forEach(n -> byCluster.computeIfAbsent(n.cluster(), c -> new java.util.ArrayList<>()).add(n));
        model.addAttribute("clusters", byCluster);
        model.addAttribute("summary", ReadinessService.summary(namespaces));
        model.addAttribute("locations", readiness.locations(namespaces));
        model.addAttribute("incidents", readiness.openIncidents(viewer));
        model.addAttribute("rpoChartSrc", "/recovery/rpo-chart.json?" + RpoHistoryPagesController.query(null, null, cluster, project));
        model.addAttribute("cluster", cluster);
        model.addAttribute("project", project);
        return "recovery/overview";
    }

    @GetMapping("/recovery/backups/{id}")
    @PreAuthorize("@access.canRead()")
    String backup(@PathVariable long id, Model model) {
        model.addAttribute("backup", readiness.backup(id, currentViewer.get()));
        return "recovery/backup";
    }

    @GetMapping("/recovery/restores/{id}")
    @PreAuthorize("@access.canRead()")
    String restore(@PathVariable long id, Model model) {
        model.addAttribute("restore", readiness.restore(id, currentViewer.get()));
        return "recovery/restore";
    }

    @PostMapping("/recovery/restores/{id}/evidence")
    @PreAuthorize("@access.canAttachRecoveryEvidence()")
    String attach(@PathVariable long id, @RequestParam(required = false) String passed,
            @RequestParam(required = false) String note, RedirectAttributes redirect) {
        Viewer viewer = currentViewer.get();
        readiness.restore(id, viewer); // one the caller does not see is the 404 page, not a message
        try {
            Boolean check = passed == null || passed.isBlank() ? null : Boolean.valueOf(passed.strip());
            readiness.attach(id, check, note, viewer);
            redirect.addFlashAttribute("message", "Evidence attached.");
        } catch (KeelwatchException e) {
            if (e.kind().definition().status().value() == 403) {
                throw e;
            }
            redirect.addFlashAttribute("error", e.getMessage());
        }
        return "redirect:/recovery/restores/" + id;
    }

    /** The clean restore points of an incident, as the incident page shows them. */
    @GetMapping("/recovery/incidents/{id}/clean-restore-point")
    @PreAuthorize("@access.canRead()")
    String cleanRestorePoint(@PathVariable long id, Model model) {
        model.addAttribute("points", readiness.cleanRestorePoints(id, currentViewer.get()));
        model.addAttribute("incidentId", id);
        return "recovery/fragments :: clean-restore-point";
    }

    /** A project's readiness badge, as the project page shows it. */
    @GetMapping("/recovery/projects/{slug}/badge")
    @PreAuthorize("@access.canRead()")
    String badge(@PathVariable String slug, Model model) {
        List<NamespaceReadiness> namespaces = readiness.namespaces(null, slug, currentViewer.get());
        model.addAttribute("summary", ReadinessService.summary(namespaces));
        model.addAttribute("project", slug);
        return "recovery/fragments :: badge";
    }
}
