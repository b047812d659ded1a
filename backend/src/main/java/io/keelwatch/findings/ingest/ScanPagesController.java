package io.keelwatch.findings.ingest;

import io.keelwatch.access.CurrentViewer;
import io.keelwatch.access.Viewer;
import io.keelwatch.findings.ClusterImportResult;
import io.keelwatch.findings.FindingService;
import io.keelwatch.findings.ReportImport;
import io.keelwatch.findings.ScanImportService;
import io.keelwatch.inventory.InventoryService;
import io.keelwatch.inventory.UploadTarget;
import io.keelwatch.platform.KeelwatchException;
import io.keelwatch.platform.PageRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.util.unit.DataSize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;

@Controller
class ScanPagesController {

    private final FindingService findings;
    private final ScanImportService imports;
    private final InventoryService inventory;
    private final CurrentViewer currentViewer;
    private final ClusterTargets clusterTargets;

    ScanPagesController(FindingService findings, ScanImportService imports, InventoryService inventory,
            CurrentViewer currentViewer, ClusterTargets clusterTargets) {
        this.clusterTargets = clusterTargets;
        this.findings = findings;
        this.imports = imports;
        this.inventory = inventory;
        this.currentViewer = currentViewer;
    }

    @GetMapping("/scans")
    @PreAuthorize("@access.canRead()")
    String list(@RequestParam(required = false) Integer page, Model model) {
        model.addAttribute("page", findings.scans(null, PageRequest.of(page, 50, 50), currentViewer.get()));
        return "findings/scans";
    }

    @GetMapping("/scans/upload")
    @PreAuthorize("@access.canImportScans()")
    String uploadForm(Model model) {
        prepareForm(model, currentViewer.get());
        return "findings/upload";
    }

    /** Import errors stay on the form as a readable message, with the status the API would give. */
    @PostMapping("/scans/upload")
    @PreAuthorize("@access.canImportScans()")
    String upload(@RequestParam("file") MultipartFile file, @RequestParam(required = false) String project,
            @RequestParam(required = false) String cluster, Model model, HttpServletResponse response) throws IOException {
        Viewer viewer = currentViewer.get();
        prepareForm(model, viewer);
        try (InputStream in = file.getInputStream()) {
            ReportImport result = imports.importReport(in, UploadTarget.named(project), cluster, null, viewer);
            model.addAttribute(result instanceof ClusterImportResult ? "cluster" : "result", result);
        } catch (KeelwatchException e) {
            response.setStatus(e.kind().status().value());
            model.addAttribute("error", e.getMessage());
        }
        return "findings/upload";
    }

    private void prepareForm(Model model, Viewer viewer) {
        model.addAttribute("projects", inventory.visibleProjects(viewer).stream()
                .filter(p -> viewer.canWriteTo(p.teamId())).toList());
        model.addAttribute("clusters", clusterTargets.writable(viewer));
        model.addAttribute("maxUpload", DataSize.ofBytes(imports.uploadLimitBytes()).toMegabytes() + " MB");
    }
}
