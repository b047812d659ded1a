package io.keelwatch.recovery.readiness;

import io.keelwatch.access.Scope;
import io.keelwatch.access.Viewer;
import io.keelwatch.audit.AuditEntry;
import io.keelwatch.audit.AuditLog;
import io.keelwatch.findings.FindingService;
import io.keelwatch.findings.OpenFindingCounts;
import io.keelwatch.findings.Severity;
import io.keelwatch.inventory.ClusterSummary;
import io.keelwatch.inventory.InventoryService;
import io.keelwatch.inventory.NamespaceImages;
import io.keelwatch.inventory.ProjectRef;
import io.keelwatch.inventory.RunningImage;
import io.keelwatch.platform.CommonProblem;
import io.keelwatch.platform.InboundText;
import io.keelwatch.platform.KeelwatchException;
import io.keelwatch.platform.PageRequest;
import io.keelwatch.recovery.ReadinessSummary;
import io.keelwatch.runtime.incidents.IncidentAlert;
import io.keelwatch.runtime.incidents.IncidentDetail;
import io.keelwatch.runtime.incidents.IncidentFilter;
import io.keelwatch.runtime.incidents.IncidentService;
import io.keelwatch.runtime.incidents.IncidentSummary;
import io.keelwatch.signing.SigningService;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Readiness as the caller may see it: per namespace (most critical environment first), per project, counted for the
 * dashboard; a backup's and a restore's detail; evidence people attach to restores; the clean restore point of a
 * runtime incident.
 */
@Service
public class ReadinessService {

    static final int MAX_NOTE = 4000;

    private final RecoveryQueries queries;
    private final EvidenceRecords evidence;
    private final InventoryService inventory;
    private final FindingService findings;
    private final IncidentService incidents;
    private final SigningService signing;
    private final AuditLog audit;
    private final Clock clock = Clock.systemUTC();

    ReadinessService(RecoveryQueries queries, EvidenceRecords evidence, InventoryService inventory, FindingService findings,
            IncidentService incidents, SigningService signing, AuditLog audit) {
        this.queries = queries;
        this.evidence = evidence;
        this.inventory = inventory;
        this.findings = findings;
        this.incidents = incidents;
        this.signing = signing;
        this.audit = audit;
    }

    /** The namespaces the caller sees (of one cluster, of one project they see, or all) with their readiness. */
    @Transactional(readOnly = true)
    public List<NamespaceReadiness> namespaces(String cluster, String project, Viewer viewer) {
        Long projectId = null;
        if (project != null && !project.isBlank()) {
            projectId = inventory.visibleProject(project.strip(), viewer)
                    .orElseThrow(() -> KeelwatchException.notFound("Project '" + project.strip() + "'")).id();
        }
        List<Rows.Namespace> namespaces = queries.namespaces(viewer, cluster == null || cluster.isBlank() ? null : cluster.strip(),
                projectId);
        Map<Long, Rows.Cluster> clusters = queries.clusters(namespaces.stream().map(Rows.Namespace::clusterId).distinct().toList(),
                viewer);
        Instant now = Instant.now(clock);
        return namespaces.stream().map(ns -> Readiness.of(ns, clusters.get(ns.clusterId()), now)).toList();
    }

    @Transactional(readOnly = true)
    public ReadinessSummary summary(Viewer viewer) {
        return summary(namespaces(null, null, viewer));
    }

    static ReadinessSummary summary(List<NamespaceReadiness> namespaces) {
        return new ReadinessSummary(namespaces.size(), (int) namespaces.stream().filter(NamespaceReadiness::verified).count(),
                (int) namespaces.stream().filter(NamespaceReadiness::breached).count(),
                (int) namespaces.stream().filter(n -> n.policy() == null).count());
    }

    /** The storage locations of the clusters the namespaces are in. */
    @Transactional(readOnly = true)
    public List<StorageLocation> locations(List<NamespaceReadiness> namespaces) {
        List<String> names = namespaces.stream().map(NamespaceReadiness::cluster).distinct().toList();
        Map<Long, String> ids = new LinkedHashMap<>();
        names.forEach(name -> inventory.cluster(name).ifPresent(c -> ids.put(c.id(), c.name())));
        return queries.locations(ids.keySet().toArray(Long[]::new)).stream()
                .map(l -> new StorageLocation(ids.get(l.clusterId()), l.name(), l.provider(), l.bucket(), l.isDefault(), l.phase(),
                        l.message(), l.lastValidated() == null ? null : l.lastValidated().atOffset(ZoneOffset.UTC)))
                .toList();
    }

    @Transactional(readOnly = true)
    public BackupDetail backup(long id, Viewer viewer) {
        BackupDetail detail = queries.backup(id, viewer).orElseThrow(() -> KeelwatchException.notFound("Backup " + id));
        Rows.Cluster cluster = queries.clusters(List.of(detail.clusterId()), viewer).get(detail.clusterId());
        Rows.Backup row = cluster.backups().stream().filter(b -> b.id() == id).findFirst().orElseThrow();
        Rows.Location location = row.location() == null ? null : cluster.locations().get(row.location());
        return detail.with(Readiness.unusable(row, cluster, Instant.now(clock)).orElse(null),
                location == null ? null : new BackupDetail.Location(location.name(), location.provider(), location.bucket(),
                        location.isDefault(), location.phase(), location.message(),
                        location.lastValidated() == null ? null : location.lastValidated().atOffset(ZoneOffset.UTC)),
                queries.backupPhases(id), queries.restoresOf(detail.clusterId(), detail.name()));
    }

    @Transactional(readOnly = true)
    public RestoreDetail restore(long id, Viewer viewer) {
        RestoreDetail detail = queries.restore(id, viewer).orElseThrow(() -> KeelwatchException.notFound("Restore " + id));
        return detail.with(queries.restorePhases(id), queries.evidence(id), mayAttach(id, viewer));
    }

    /**
     * Attaches what a person checked after a restore (a health check passed or failed, or a note alone): leads, admins,
     * and developers of a team whose namespace it restored. A failed health check keeps the restore from proving an RTO.
     */
    @Transactional
    public Evidence attach(long restoreId, Boolean passed, String note, Viewer viewer) {
        RestoreDetail restore = queries.restore(restoreId, viewer).orElseThrow(() -> KeelwatchException.notFound("Restore " + restoreId));
        if (!mayAttach(restoreId, viewer)) {
            throw new KeelwatchException(CommonProblem.FORBIDDEN, "You may not attach evidence to this restore.");
        }
        String text = note == null ? "" : note.strip();
        if (text.isEmpty() || text.length() > MAX_NOTE) {
            throw new KeelwatchException(CommonProblem.INVALID_REQUEST, "note must hold 1 to " + MAX_NOTE + " characters: what was checked.");
        }
        if (!InboundText.isAllowed(text)) {
            throw new KeelwatchException(CommonProblem.INVALID_REQUEST, InboundText.refusal("note", text));
        }
        long id = evidence.add(restoreId, passed, text, viewer.username());
        List<Long> teams = queries.restoreTeams(restoreId);
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("restore", restore.name());
        details.put("cluster", restore.cluster());
        details.put("passed", passed);
        audit.record(AuditEntry.success(viewer.username(), "recovery.evidence-attached", "recovery_restore", restoreId,
                teams.stream().filter(Objects::nonNull).findFirst().orElse(null), details));
        return queries.evidence(restoreId).stream().filter(e -> e.id() == id).findFirst().orElseThrow();
    }

    private boolean mayAttach(long restoreId, Viewer viewer) {
        if (!viewer.mayAttachRecoveryEvidence()) {
            return false;
        }
        return queries.restoreTeams(restoreId).stream()
                .anyMatch(team -> team == null ? viewer.allTeams() : viewer.canWriteTo(team, Scope.RECOVERY_WRITE))
                || viewer.allTeams();
    }

    /** The incidents still being worked that the caller sees, newest first (at most 20): whose clean restore points matter. */
    @Transactional(readOnly = true)
    public List<IncidentSummary> openIncidents(Viewer viewer) {
        return incidents.incidents(IncidentFilter.of(null, null, null), new PageRequest(0, 50), viewer).items().stream()
                .filter(i -> i.resolvedAt() == null).limit(20).toList();
    }

    /** The clean restore point of each namespace of an incident the caller sees (404 for one they do not). */
    @Transactional(readOnly = true)
    public List<CleanRestorePoint> cleanRestorePoints(long incidentId, Viewer viewer) {
        IncidentDetail incident = incidents.incident(incidentId, viewer);
        Optional<OffsetDateTime> first = incident.alerts().stream().map(IncidentAlert::firstSeen).min(Comparator.naturalOrder());
        Optional<ClusterSummary> cluster = inventory.cluster(incident.incident().cluster());
        TreeSet<String> namespaces = new TreeSet<>();
        incident.alerts().stream().map(IncidentAlert::namespace).filter(n -> n != null && !n.isEmpty()).forEach(namespaces::add);
        if (first.isEmpty() || cluster.isEmpty() || namespaces.isEmpty()) {
            return List.of();
        }
        Instant before = first.get().toInstant();
        Rows.Cluster held = queries.clusters(List.of(cluster.get().id()), viewer).get(cluster.get().id());
        Instant now = Instant.now(clock);
        List<CleanRestorePoint> points = new ArrayList<>();
        for (String namespace : namespaces) {
            Optional<Rows.Backup> clean = held.backups().stream()
                    .filter(b -> Coverage.covers(b.included(), b.excluded(), namespace) && !b.labelSelector())
                    .filter(b -> b.completedAt() != null && b.completedAt().isBefore(before))
                    .filter(b -> Readiness.unusable(b, held, now).isEmpty())
                    .max(Comparator.comparing(Rows.Backup::takenAt));
            if (clean.isEmpty()) {
                points.add(new CleanRestorePoint(cluster.get().name(), namespace, first.get(), null,
                        "no usable backup of " + namespace + " completed before the first alert", false, null, List.of()));
                continue;
            }
            Rows.Backup backup = clean.get();
            NamespaceImages images = inventory.imagesRunningAt(cluster.get().id(), namespace, backup.takenAt(), viewer);
            points.add(new CleanRestorePoint(cluster.get().name(), namespace, first.get(), Readiness.ref(backup, held, now), null,
                    images.known(backup.takenAt()), images.watchedSince(),
                    images.known(backup.takenAt()) ? risks(images.images(), viewer) : List.of()));
        }
        return points;
    }

    /**
     * The distinct images (by repository and reference) with their open findings and best signing status, each read
     * once for all the images (two statements, whatever their number); a tag-only image has neither.
     */
    private List<CleanRestorePoint.ImageRisk> risks(List<RunningImage> images, Viewer viewer) {
        Map<String, RunningImage> distinct = new LinkedHashMap<>();
        images.forEach(image -> distinct.putIfAbsent(image.repository() + "@" + image.reference(), image));
        List<Long> ids = distinct.values().stream().map(RunningImage::imageId).filter(Objects::nonNull).distinct().toList();
        Map<Long, OpenFindingCounts> open = findings.openFindings(ids, viewer);
        Map<Long, String> signed = signing.statuses(ids, viewer);
        return distinct.values().stream().map(image -> {
            OpenFindingCounts counts = image.imageId() == null ? null : open.get(image.imageId());
            return new CleanRestorePoint.ImageRisk(image.repository(), image.reference(), image.digest(), image.workload(),
                    image.container(), counts == null ? 0 : counts.count(Severity.CRITICAL),
                    counts == null ? 0 : counts.count(Severity.HIGH),
                    image.imageId() == null ? CleanRestorePoint.UNKNOWN : signed.get(image.imageId()));
        }).toList();
    }
}
