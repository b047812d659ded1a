package io.keelwatch.findings.exceptions;

import io.keelwatch.audit.AuditEntry;
import io.keelwatch.audit.AuditLog;
import io.keelwatch.findings.exposure.ExposureRecount;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * What exceptions do to findings, in the caller's transaction: set or give back their status
 * (set-based), write one audit event per changed finding (one statement), and recount the
 * dashboard of every project touched.
 */
@Component
public class ExceptionEffects {

    private final ExceptionQueries exceptions;
    private final ExceptionStatusWriter statuses;
    private final ExposureRecount exposure;
    private final AuditLog audit;

    ExceptionEffects(ExceptionQueries exceptions, ExceptionStatusWriter statuses, ExposureRecount exposure, AuditLog audit) {
        this.exceptions = exceptions;
        this.statuses = statuses;
        this.exposure = exposure;
        this.audit = audit;
    }

    /**
     * Part of every import, before the dashboard is recounted: the new image's findings take the
     * approved exceptions of their project and team, which is how triage survives a rebuild.
     */
    public int applyToImport(long projectId, long teamId, long imageId, String actor, Instant now) {
        if (!exceptions.teamHasApproved(teamId)) {
            return 0;
        }
        List<ExceptionStatusWriter.Change> changes = statuses.applyToImage(projectId, imageId, now);
        record(changes, actor, "finding.exception-applied");
        return changes.size();
    }

    /**
     * Part of every import of a cluster's own findings: each takes the approved exceptions of the
     * project and team its namespace belongs to. The caller recounts the dashboards.
     */
    public int applyToClusterImport(long clusterId, String actor, Instant now) {
        List<ExceptionStatusWriter.Change> changes = statuses.applyToCluster(clusterId, now);
        record(changes, actor, "finding.exception-applied");
        return changes.size();
    }

    public int applyApproved(long exceptionId, String actor, Instant now) {
        List<ExceptionStatusWriter.Change> changes = statuses.applyOne(exceptionId, now);
        record(changes, actor, "finding.exception-applied");
        refresh(changes);
        return changes.size();
    }

    /** Reopens a revoked exception's findings; another approved exception that matches them takes over. */
    public int release(long exceptionId, String actor) {
        List<ExceptionStatusWriter.Change> released = statuses.release(exceptionId);
        record(released, actor, "finding.exception-released");
        reapply(released, actor);
        refresh(released);
        return released.size();
    }

    /** The expiry job's work: lapse expired exceptions, reopen their findings. Returns the exceptions lapsed. */
    List<Long> lapseExpired(Instant now) {
        List<ExceptionStatusWriter.Change> rows = statuses.lapse(now);
        List<Long> lapsed = rows.stream().map(ExceptionStatusWriter.Change::exceptionId).distinct().toList();
        List<ExceptionStatusWriter.Change> released = rows.stream().filter(c -> c.findingId() != 0).toList();
        audit.recordAll(rows.stream().map(ExceptionStatusWriter.Change::exceptionId).distinct()
                .map(id -> new AuditEntry("system", AuditEntry.ActorType.system, "exception.expired", "exception",
                        String.valueOf(id), rows.stream().filter(r -> r.exceptionId() == id).findFirst().orElseThrow().teamId(),
                        AuditEntry.Outcome.success, Map.of("findings", released.stream().filter(r -> r.exceptionId() == id).count())))
                .toList());
        record(released, "system", "finding.exception-expired");
        reapply(released, "system");
        refresh(released);
        return lapsed;
    }

    private void reapply(List<ExceptionStatusWriter.Change> released, String actor) {
        Long[] projects = released.stream().map(ExceptionStatusWriter.Change::projectId).distinct().toArray(Long[]::new);
        if (projects.length > 0) {
            List<ExceptionStatusWriter.Change> reapplied = statuses.applyToProjects(projects, Instant.now());
            record(reapplied, actor, "finding.exception-applied");
        }
    }

    private void refresh(List<ExceptionStatusWriter.Change> changes) {
        changes.stream().map(ExceptionStatusWriter.Change::projectId).distinct().forEach(exposure::recount);
    }

    private void record(List<ExceptionStatusWriter.Change> changes, String actor, String action) {
        AuditEntry.ActorType type = "system".equals(actor) ? AuditEntry.ActorType.system : AuditEntry.ActorType.user;
        audit.recordAll(changes.stream()
                .map(c -> new AuditEntry(actor, type, action, "finding", String.valueOf(c.findingId()), c.teamId(),
                        AuditEntry.Outcome.success, Map.of("exception", c.exceptionId(),
                                "before", Map.of("status", String.valueOf(c.before())), "after", Map.of("status", c.after()))))
                .toList());
    }
}
