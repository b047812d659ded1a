package io.keelwatch.recovery.ingest;

import io.keelwatch.access.CurrentViewer;
import io.keelwatch.recovery.RecoveryReport;
import io.swagger.v3.oas.annotations.Operation;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import org.springframework.http.HttpHeaders;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
class RecoveryApiController {

    private final RecoveryIngest ingest;
    private final CurrentViewer viewer;

    RecoveryApiController(RecoveryIngest ingest, CurrentViewer viewer) {
        this.ingest = ingest;
        this.viewer = viewer;
    }

    @Operation(summary = "Record a cluster's Velero objects: what kubectl get backups,restores,schedules,backupstoragelocations "
            + "-n velero prints (a List or single objects), JSON or YAML, plain or gzip. The same objects again change nothing")
    @PostMapping("/api/v1/clusters/{cluster}/recovery")
    @PreAuthorize("@access.canReportRecovery()")
    RecoveryReport report(@PathVariable String cluster, HttpServletRequest request) throws IOException {
        return ingest.report(cluster, request.getInputStream(), request.getContentLengthLong(), request.getContentType(),
                request.getHeader(HttpHeaders.CONTENT_ENCODING), viewer.get());
    }
}
