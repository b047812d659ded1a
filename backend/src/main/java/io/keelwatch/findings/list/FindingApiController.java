package io.keelwatch.findings.list;

import io.keelwatch.access.CurrentViewer;
import io.keelwatch.access.Viewer;
import io.keelwatch.access.WriteAnswers;
import io.keelwatch.audit.AuditTrailEntry;
import io.keelwatch.findings.FindingComment;
import io.keelwatch.findings.FindingDetail;
import io.keelwatch.findings.FindingService;
import io.keelwatch.findings.FindingSummary;
import io.keelwatch.findings.TriageChange;
import io.keelwatch.findings.triage.TriageService;
import io.keelwatch.platform.Page;
import io.keelwatch.platform.PageRequest;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.util.List;
import org.springdoc.core.annotations.ParameterObject;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/findings")
class FindingApiController {

    private final FindingService findings;
    private final TriageService triage;
    private final FindingCsvExport csv;
    private final CurrentViewer viewer;

    FindingApiController(FindingService findings, TriageService triage, FindingCsvExport csv, CurrentViewer viewer) {
        this.findings = findings;
        this.triage = triage;
        this.csv = csv;
        this.viewer = viewer;
    }

    @Operation(summary = "Findings visible to the caller, most severe first unless sorted otherwise")
    @GetMapping
    @PreAuthorize("@access.canRead()")
    Page<FindingSummary> findings(@ParameterObject FindingListParameters parameters,
            @RequestParam(required = false) Integer page,
            @RequestParam(required = false) Integer size) {
        return findings.findings(parameters.filter(), parameters.order(), PageRequest.of(page, size, 50), viewer.get());
    }

    @Operation(summary = "The filtered list as CSV (streamed; cells that would start a formula are prefixed with ')")
    @GetMapping(value = "/export.csv", produces = "text/csv")
    @PreAuthorize("@access.canRead()")
    void export(@ParameterObject FindingListParameters parameters, HttpServletResponse response) throws IOException {
        csv.download(parameters, viewer.get(), response);
    }

    @GetMapping("/{id}")
    @PreAuthorize("@access.canRead()")
    FindingDetail finding(@PathVariable long id) {
        return findings.finding(id, viewer.get());
    }

    @Operation(summary = "Triage one finding: status, assignee (empty string unassigns), comment; "
            + "answers the finding to callers that may read it, else 204")
    @PatchMapping("/{id}")
    @PreAuthorize("@access.canTriage()")
    ResponseEntity<FindingDetail> triage(@PathVariable long id, @RequestBody TriageChange change) {
        Viewer caller = viewer.get();
        return WriteAnswers.changed(caller, triage.change(id, change, caller));
    }

    @Operation(summary = "Comment on a finding; answers the comment to callers that may read it")
    @PostMapping("/{id}/comments")
    @PreAuthorize("@access.canTriage()")
    ResponseEntity<FindingComment> comment(@PathVariable long id, @RequestBody CommentRequest request) {
        Viewer caller = viewer.get();
        return WriteAnswers.created(caller, URI.create("/api/v1/findings/" + id + "/comments"),
                triage.comment(id, request.body(), caller));
    }

    @GetMapping("/{id}/comments")
    @PreAuthorize("@access.canRead()")
    List<FindingComment> comments(@PathVariable long id) {
        return triage.comments(id, viewer.get());
    }

    @Operation(summary = "Every recorded change of the finding, oldest first (from the audit log)")
    @GetMapping("/{id}/history")
    @PreAuthorize("@access.canRead()")
    List<AuditTrailEntry> history(@PathVariable long id) {
        return triage.history(id, viewer.get());
    }

    @Operation(summary = "Set status and/or assignee on every finding the filter (list parameters) selects; one transaction")
    @PostMapping("/bulk")
    @PreAuthorize("@access.canTriage()")
    TriageService.BulkResult bulk(@ParameterObject FindingListParameters parameters,
            @Parameter(description = "status and/or assignee; comment is ignored") @RequestBody TriageChange action) {
        return triage.bulk(parameters.filter(), action, viewer.get());
    }

    record CommentRequest(String body) {
    }
}
