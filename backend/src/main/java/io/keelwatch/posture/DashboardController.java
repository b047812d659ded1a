package io.keelwatch.posture;

import io.keelwatch.access.CurrentViewer;
import io.keelwatch.access.Viewer;
import io.keelwatch.findings.FindingService;
import io.keelwatch.findings.ProjectExposure;
import io.keelwatch.findings.Severity;
import io.keelwatch.platform.PageRequest;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ResponseBody;

@Controller
class DashboardController {

    private final FindingService findings;
    private final CurrentViewer currentViewer;

    DashboardController(FindingService findings, CurrentViewer currentViewer) {
        this.findings = findings;
        this.currentViewer = currentViewer;
    }

    @GetMapping("/")
    @PreAuthorize("isAuthenticated()")
    String dashboard(Model model) {
        Viewer viewer = currentViewer.get();
        List<ProjectExposure> exposure = findings.exposureByProject(viewer);
        model.addAttribute("exposure", exposure);
        model.addAttribute("severities", Severity.values());
        model.addAttribute("totals", totals(exposure));
        model.addAttribute("recentScans", findings.scans(null, new PageRequest(0, 8), viewer).items());
        return "posture/dashboard";
    }

    /** Chart.js configuration of the exposure chart: one stacked bar per project. */
    @GetMapping("/dashboard/exposure.json")
    @ResponseBody
    @PreAuthorize("isAuthenticated()")
    ExposureChart exposureChart() {
        return ExposureChart.of(findings.exposureByProject(currentViewer.get()));
    }

    private static Map<Severity, Long> totals(List<ProjectExposure> exposure) {
        Map<Severity, Long> totals = new EnumMap<>(Severity.class);
        for (Severity s : Severity.values()) {
            totals.put(s, 0L);
        }
        for (ProjectExposure p : exposure) {
            totals.merge(Severity.CRITICAL, p.critical(), Long::sum);
            totals.merge(Severity.HIGH, p.high(), Long::sum);
            totals.merge(Severity.MEDIUM, p.medium(), Long::sum);
            totals.merge(Severity.LOW, p.low(), Long::sum);
            totals.merge(Severity.UNKNOWN, p.unknown(), Long::sum);
        }
        return totals;
    }
}
