package io.keelwatch.findings;

import io.keelwatch.access.CurrentViewer;
import io.keelwatch.platform.Page;
import io.keelwatch.platform.PageRequest;
import io.swagger.v3.oas.annotations.Operation;
import java.util.List;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/findings")
class FindingApiController {

    private final FindingService findings;
    private final CurrentViewer viewer;

    FindingApiController(FindingService findings, CurrentViewer viewer) {
        this.findings = findings;
        this.viewer = viewer;
    }

    @Operation(summary = "Findings visible to the caller, most severe first")
    @GetMapping
    @PreAuthorize("@access.canRead()")
    Page<FindingSummary> findings(@RequestParam(required = false) String project,
            @RequestParam(required = false) String image,
            @RequestParam(required = false) List<String> severity,
            @RequestParam(required = false) List<String> status,
            @RequestParam(required = false) String kind,
            @RequestParam(required = false) String text,
            @RequestParam(required = false) Integer page,
            @RequestParam(required = false) Integer size) {
        return findings.findings(FindingFilter.fromParameters(project, image, severity, status, kind, text),
                PageRequest.of(page, size, 50), viewer.get());
    }

    @GetMapping("/{id}")
    @PreAuthorize("@access.canRead()")
    FindingDetail finding(@PathVariable long id) {
        return findings.finding(id, viewer.get());
    }
}
