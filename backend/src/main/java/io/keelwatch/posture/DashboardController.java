package io.keelwatch.posture;

import io.keelwatch.access.CurrentViewer;
import io.keelwatch.access.Viewer;
import io.keelwatch.findings.FindingExceptionService;
import io.keelwatch.findings.FindingService;
import io.keelwatch.findings.ProjectExposure;
import io.keelwatch.findings.Severity;
import io.keelwatch.platform.PageRequest;
import io.keelwatch.recovery.RecoveryService;
import java.util.List;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ResponseBody;

@Controller
class DashboardController {

    private final FindingService findings;
    private final FindingExceptionService exceptions;
    private final RecoveryService recovery;
    private final CurrentViewer currentViewer;

    DashboardController(FindingService findings, FindingExceptionService exceptions, RecoveryService recovery,
            CurrentViewer currentViewer) {
        this.findings = findings;
        this.exceptions = exceptions;
        this.recovery = recovery;
        this.currentViewer = currentViewer;
    }

    @GetMapping("/")
    @PreAuthorize("@access.canRead()")
    String dashboard(Model model) {
        Viewer viewer = currentViewer.get();
        List<ProjectExposure> exposure = findings.exposureByProject(viewer);
        model.addAttribute("exposure", exposure);
        model.addAttribute("totals", totals(exposure));
        model.addAttribute("lapsed", exceptions.recentlyLapsed(viewer));
        model.addAttribute("recentScans", findings.scans(null, new PageRequest(0, 8), viewer).items());
        model.addAttribute("recovery", recovery.summary(viewer));
        return "posture/dashboard";
    }

    /** Chart.js configuration of the exposure chart: one stacked bar per project. */
    @GetMapping("/dashboard/exposure.json")
    @ResponseBody
    @PreAuthorize("@access.canRead()")
    ExposureChart exposureChart() {
        return ExposureChart.of(findings.exposureByProject(currentViewer.get()));
    }

    record SeverityTotal(String severity, long open) {
    }

    private static List<SeverityTotal> totals(List<ProjectExposure> exposure) {
        return List.of(
                new SeverityTotal(Severity.CRITICAL.name(), exposure.stream().mapToLong(ProjectExposure::critical).sum()),
                new SeverityTotal(Severity.HIGH.name(), exposure.stream().mapToLong(ProjectExposure::high).sum()),
                new SeverityTotal(Severity.MEDIUM.name(), exposure.stream().mapToLong(ProjectExposure::medium).sum()),
                new SeverityTotal(Severity.LOW.name(), exposure.stream().mapToLong(ProjectExposure::low).sum()),
                new SeverityTotal(Severity.UNKNOWN.name(), exposure.stream().mapToLong(ProjectExposure::unknown).sum()));
    }
}
