package io.keelwatch.findings.history;

import io.keelwatch.access.CurrentViewer;
import io.keelwatch.findings.ChangedFinding;
import io.keelwatch.findings.ScanChange;
import io.keelwatch.findings.ScanHistoryService;
import io.keelwatch.findings.ScanSummary;
import io.keelwatch.platform.Page;
import io.keelwatch.platform.PageRequest;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
class ScanHistoryApiController {

    private final ScanHistoryService history;
    private final CurrentViewer viewer;

    ScanHistoryApiController(ScanHistoryService history, CurrentViewer viewer) {
        this.history = history;
        this.viewer = viewer;
    }

    @Operation(summary = "A project's scans of one image, newest first, with what each changed (new, fixed, reopened, unchanged)")
    @GetMapping("/api/v1/images/{id}/scans")
    @PreAuthorize("@access.canRead()")
    Page<ScanSummary> imageScans(@PathVariable long id,
            @Parameter(description = "slug of the project whose scans to list (required)") @RequestParam(required = false) String project,
            @RequestParam(required = false) Integer page, @RequestParam(required = false) Integer size) {
        return history.imageHistory(id, project, PageRequest.of(page, size, 50), viewer.get()).scans();
    }

    @Operation(summary = "The findings a scan introduced, fixed or reopened, grouped by change, most severe first")
    @GetMapping("/api/v1/scans/{id}/changes")
    @PreAuthorize("@access.canRead()")
    Page<ChangedFinding> changes(@PathVariable long id,
            @Parameter(description = "new, fixed or reopened; all three when absent") @RequestParam(required = false) String change,
            @RequestParam(required = false) Integer page, @RequestParam(required = false) Integer size) {
        return history.changes(id, ScanChange.parse(change), PageRequest.of(page, size, 50), viewer.get());
    }
}
