package io.keelwatch.recovery.readiness;

import io.keelwatch.access.CurrentViewer;
import io.swagger.v3.oas.annotations.Operation;
import java.time.LocalDate;
import java.util.List;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
class ReadinessApiController {

    private final ReadinessService readiness;
    private final RpoHistoryService history;
    private final CurrentViewer viewer;

    ReadinessApiController(ReadinessService readiness, RpoHistoryService history, CurrentViewer viewer) {
        this.readiness = readiness;
        this.history = history;
        this.viewer = viewer;
    }

    @Operation(summary = "RPO compliance over the last days (default 30, at most 366; filters: cluster, project): per UTC day, "
            + "the namespaces the caller sees meeting and breaching their policy's RPO, derived from the stored backups")
    @GetMapping("/api/v1/recovery/rpo-history")
    @PreAuthorize("@access.canRead()")
    List<RpoDay> rpoHistory(@RequestParam(required = false) Integer days, @RequestParam(required = false) String cluster,
            @RequestParam(required = false) String project) {
        return history.perDay(days, cluster, project, viewer.get());
    }

    @Operation(summary = "The namespaces one day of the RPO history counts (day: UTC date, default today; state: met or "
            + "breached, default both; filters: cluster, project), with the newest backup usable then and its age then")
    @GetMapping("/api/v1/recovery/rpo-history/namespaces")
    @PreAuthorize("@access.canRead()")
    List<RpoOnDay> rpoOnDay(@RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate day,
            @RequestParam(required = false) String state, @RequestParam(required = false) String cluster,
            @RequestParam(required = false) String project) {
        return history.onDay(day, state, cluster, project, viewer.get());
    }

    @Operation(summary = "Recovery readiness of the namespaces the caller sees (filters: cluster, project): RPO and RTO against "
            + "the policy that applies, newest usable backup, restore test, breach and its reasons")
    @GetMapping("/api/v1/recovery/readiness")
    @PreAuthorize("@access.canRead()")
    List<NamespaceReadiness> readiness(@RequestParam(required = false) String cluster,
            @RequestParam(required = false) String project) {
        return readiness.namespaces(cluster, project, viewer.get());
    }

    @Operation(summary = "A Velero backup: phase history, what it covers, errors, warnings, storage location, usability, restores")
    @GetMapping("/api/v1/recovery/backups/{id}")
    @PreAuthorize("@access.canRead()")
    BackupDetail backup(@PathVariable long id) {
        return readiness.backup(id, viewer.get());
    }

    @Operation(summary = "A Velero restore: phase history, namespace mapping, duration, errors and the evidence people attached")
    @GetMapping("/api/v1/recovery/restores/{id}")
    @PreAuthorize("@access.canRead()")
    RestoreDetail restore(@PathVariable long id) {
        return readiness.restore(id, viewer.get());
    }

    /** @param passed true: the health check after the restore passed; false: it failed; absent: a note only */
    record NewEvidence(Boolean passed, String note) {
    }

    @Operation(summary = "Attach evidence to a restore: a health check that passed or failed, and what was checked")
    @PostMapping("/api/v1/recovery/restores/{id}/evidence")
    @PreAuthorize("@access.canAttachRecoveryEvidence()")
    Evidence attach(@PathVariable long id, @RequestBody NewEvidence body) {
        return readiness.attach(id, body.passed(), body.note(), viewer.get());
    }

    @Operation(summary = "The clean restore point of each namespace of a runtime incident: the newest usable backup completed "
            + "before its first alert, and the images it would bring back with their open critical and high findings")
    @GetMapping("/api/v1/recovery/incidents/{id}/clean-restore-point")
    @PreAuthorize("@access.canRead()")
    List<CleanRestorePoint> cleanRestorePoint(@PathVariable long id) {
        return readiness.cleanRestorePoints(id, viewer.get());
    }
}
