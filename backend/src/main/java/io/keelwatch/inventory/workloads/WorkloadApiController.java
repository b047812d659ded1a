package io.keelwatch.inventory.workloads;

import io.keelwatch.access.CurrentViewer;
import io.keelwatch.inventory.DriftKind;
import io.keelwatch.inventory.WorkloadReport;
import io.keelwatch.platform.CommonProblem;
import io.keelwatch.platform.KeelwatchException;
import io.keelwatch.platform.Page;
import io.keelwatch.platform.PageRequest;
import io.swagger.v3.oas.annotations.Operation;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.util.Arrays;
import java.util.Locale;
import org.springframework.http.HttpHeaders;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
class WorkloadApiController {

    private final WorkloadService workloads;
    private final CurrentViewer viewer;

    WorkloadApiController(WorkloadService workloads, CurrentViewer viewer) {
        this.workloads = workloads;
        this.viewer = viewer;
    }

    @Operation(summary = "Record what runs in a cluster: what kubectl prints (a PodList, a List of workloads, one object or an "
            + "admission request), JSON or YAML, plain or gzip. A list is a snapshot of the cluster, or of ?namespace=: what it "
            + "leaves out has stopped")
    @PostMapping("/api/v1/clusters/{cluster}/workloads")
    @PreAuthorize("@access.canReportFromClusters()")
    WorkloadReport report(@PathVariable String cluster, @RequestParam(required = false) String namespace,
            HttpServletRequest request) throws IOException {
        return workloads.report(cluster, namespace, request.getInputStream(), request.getContentLengthLong(),
                request.getContentType(), request.getHeader(HttpHeaders.CONTENT_ENCODING), viewer.get());
    }

    @Operation(summary = "Running containers the caller may see (state=running by default), most critical environment first; "
            + "filters: cluster, environment, namespace, project, drift (never-scanned, stale-scan, tag-only, unmapped-image, no-project)")
    @GetMapping("/api/v1/workloads")
    @PreAuthorize("@access.canRead()")
    Page<RunningContainer> running(@RequestParam(required = false) String cluster,
            @RequestParam(required = false) String environment, @RequestParam(required = false) String namespace,
            @RequestParam(required = false) String project, @RequestParam(required = false) String drift,
            @RequestParam(required = false) String state, @RequestParam(required = false) Integer page,
            @RequestParam(required = false) Integer size) {
        return workloads.running(filter(cluster, environment, namespace, project, drift, state), viewer.get(),
                PageRequest.of(page, size, 50));
    }

    /** The filter, or a 400 naming the drift kinds and states there are. */
    static WorkloadFilter filter(String cluster, String environment, String namespace, String project, String drift,
            String state) {
        DriftKind kind = drift == null || drift.isBlank() ? null : DriftKind.fromValue(drift.strip())
                .orElseThrow(() -> new KeelwatchException(CommonProblem.INVALID_REQUEST, "drift is one of "
                        + Arrays.stream(DriftKind.values()).map(DriftKind::value).toList()));
        WorkloadFilter.State parsed;
        try {
            parsed = state == null || state.isBlank() ? null : WorkloadFilter.State.valueOf(state.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new KeelwatchException(CommonProblem.INVALID_REQUEST, "state is one of running, stopped, all", e);
        }
        return new WorkloadFilter(cluster, environment, namespace, project, kind, parsed);
    }
}
