package io.keelwatch.findings.ingest;

import io.keelwatch.access.CurrentViewer;
import io.keelwatch.findings.FindingService;
import io.keelwatch.findings.ImportResult;
import io.keelwatch.findings.ReportImport;
import io.keelwatch.findings.ScanImportService;
import io.keelwatch.findings.ScanSummary;
import io.keelwatch.inventory.UploadTarget;
import io.keelwatch.platform.CommonProblem;
import io.keelwatch.platform.KeelwatchException;
import io.keelwatch.platform.Page;
import io.keelwatch.platform.PageRequest;
import io.swagger.v3.oas.annotations.Operation;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

@RestController
@RequestMapping("/api/v1/scans")
class ScanApiController {

    private final ScanImportService imports;
    private final FindingService findings;
    private final CurrentViewer viewer;

    ScanApiController(ScanImportService imports, FindingService findings, CurrentViewer viewer) {
        this.imports = imports;
        this.findings = findings;
        this.viewer = viewer;
    }

    /** {@code autoCreate=true} creates {@code project} in {@code team} first when it does not exist (Dependency-Track's autoCreate). */
    @Operation(summary = "Import a scanner report sent as the request body (plain or gzip)")
    @PostMapping(produces = MediaType.APPLICATION_JSON_VALUE)
    @PreAuthorize("@access.canUploadReports()")
    ResponseEntity<ReportImport> importBody(HttpServletRequest request,
            @RequestParam(required = false) String project,
            @RequestParam(required = false) String team,
            @RequestParam(defaultValue = "false") boolean autoCreate,
            @RequestParam(required = false) String cluster,
            @RequestParam(required = false) String format) throws IOException {
        UploadTarget target = new UploadTarget(project, team, autoCreate);
        if (request.getContentLengthLong() > imports.uploadLimitBytes()) {
            throw new KeelwatchException(CommonProblem.PAYLOAD_TOO_LARGE,
                    "The upload is larger than the limit of " + imports.uploadLimitBytes() + " bytes.");
        }
        try (InputStream body = request.getInputStream()) {
            return created(imports.importReport(body, target, cluster, format, viewer.get()));
        }
    }

    @Operation(summary = "Import a scanner report sent as multipart field 'file'")
    @PostMapping(consumes = MediaType.MULTIPART_FORM_DATA_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
    @PreAuthorize("@access.canUploadReports()")
    ResponseEntity<ReportImport> importFile(@RequestPart("file") MultipartFile file,
            @RequestParam(required = false) String project,
            @RequestParam(required = false) String team,
            @RequestParam(defaultValue = "false") boolean autoCreate,
            @RequestParam(required = false) String cluster,
            @RequestParam(required = false) String format) throws IOException {
        UploadTarget target = new UploadTarget(project, team, autoCreate);
        try (InputStream body = file.getInputStream()) {
            return created(imports.importReport(body, target, cluster, format, viewer.get()));
        }
    }

    @Operation(summary = "Scans visible to the caller, newest first")
    @GetMapping
    @PreAuthorize("@access.canRead()")
    Page<ScanSummary> scans(@RequestParam(required = false) String project,
            @RequestParam(required = false) Integer page, @RequestParam(required = false) Integer size) {
        return findings.scans(project, PageRequest.of(page, size, 50), viewer.get());
    }

    @GetMapping("/{id}")
    @PreAuthorize("@access.canRead()")
    ScanSummary scan(@PathVariable long id) {
        return findings.scan(id, viewer.get());
    }

    /**
     * 201 for a new scan (with its Location; a cluster report's scans are listed in the body); 200
     * when the same report was already imported (nothing new was created).
     */
    private static ResponseEntity<ReportImport> created(ReportImport result) {
        if (result.duplicate()) {
            return ResponseEntity.ok(result);
        }
        if (result instanceof ImportResult scan) {
            return ResponseEntity.created(URI.create("/api/v1/scans/" + scan.scanId())).body(result);
        }
        return ResponseEntity.status(HttpStatus.CREATED).body(result);
    }
}
