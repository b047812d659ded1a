package io.keelwatch.findings.ingest;

import io.keelwatch.access.Viewer;
import io.keelwatch.audit.AuditEntry;
import io.keelwatch.audit.AuditLog;
import io.keelwatch.findings.ClusterScanResult;
import io.keelwatch.findings.FindingsSettings;
import io.keelwatch.findings.ImportResult;
import io.keelwatch.findings.Severity;
import io.keelwatch.findings.exceptions.ExceptionEffects;
import io.keelwatch.findings.exposure.ExposureRecount;
import io.keelwatch.findings.ingest.report.CatalogEntry;
import io.keelwatch.findings.ingest.report.ClusterFinding;
import io.keelwatch.findings.ingest.report.ParsedFinding;
import io.keelwatch.findings.ingest.report.ReportFormat;
import io.keelwatch.inventory.InventoryService;
import io.keelwatch.inventory.NamespaceOwner;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/**
 * The cluster's part of an import, in the caller's transaction: one scan of the cluster, its own
 * findings each filed under the project its namespace belongs to now (or none), what the report no
 * longer shows closed, exceptions applied, the dashboards of the projects concerned recounted,
 * audited. Imports of one cluster take turns (a transaction-scoped advisory lock), so the
 * identical-report check sees what an import that went first committed.
 */
@Component
public class ClusterScans {

    private final InventoryService inventory;
    private final ScanRecords scans;
    private final ClusterFindingWriter writer;
    private final CatalogWriter catalog;
    private final ExceptionEffects exceptions;
    private final ExposureRecount exposure;
    private final AuditLog audit;
    private final FindingsSettings settings;

    ClusterScans(InventoryService inventory, ScanRecords scans, ClusterFindingWriter writer, CatalogWriter catalog,
            ExceptionEffects exceptions, ExposureRecount exposure, AuditLog audit, FindingsSettings settings) {
        this.inventory = inventory;
        this.scans = scans;
        this.writer = writer;
        this.catalog = catalog;
        this.exceptions = exceptions;
        this.exposure = exposure;
        this.audit = audit;
        this.settings = settings;
    }

    /** What a report says about itself, as far as a cluster scan records it. */
    public record Source(String scanner, String scannerVersion, Instant createdAt, String artifactName, ReportFormat format) {
    }

    /**
     * Writes a cluster scan of these findings (each fingerprint once).
     *
     * @param reportHeldBy the scan of the same import that keeps the report's bytes, or null: this one keeps them
     */
    public ClusterScanResult write(ClusterTarget cluster, Source source, List<ClusterFinding> findings, List<CatalogEntry> entries,
            Supplier<SpooledReport> report, Long reportHeldBy, Viewer viewer, Instant now) {
        scans.lockCluster(cluster.id());
        Long[] teams = cluster.wholeCluster() ? null : cluster.teams().stream().sorted().toArray(Long[]::new);
        var same = scans.findSameClusterReport(cluster.id(), teams, report.get().sha256());
        if (same.isPresent()) {
            scans.resent(same.get().scanId(), now);
            int total = same.get().findingsTotal();
            return new ClusterScanResult(same.get().scanId(), true, source.format().id(), cluster.name(),
                    new ImportResult.Counts(total, 0, total, 0, 0), 0);
        }
        Map<String, NamespaceOwner> owners = inventory.namespaceOwners(cluster.id(),
                findings.stream().map(ClusterFinding::namespace).filter(Objects::nonNull).collect(Collectors.toSet()));
        List<ClusterFindingWriter.Owned> filed = new ArrayList<>();
        Set<Long> writable = cluster.wholeCluster() ? null : new HashSet<>();
        for (ClusterFinding finding : findings) {
            NamespaceOwner owner = finding.namespace() == null ? null : owners.get(finding.namespace());
            if (!cluster.wholeCluster()) {
                if (owner == null || !cluster.teams().contains(owner.teamId())) {
                    continue;
                }
                writable.add(owner.projectId());
            }
            filed.add(new ClusterFindingWriter.Owned(finding, owner == null ? null : owner.projectId()));
        }
        describe(filed, owners, entries);
        boolean historical = scans.isOlderThanNewestOfCluster(cluster.id(), source.scanner(), source.format(),
                source.createdAt() != null ? source.createdAt() : now);
        long scanId = scans.insert(new ScanRecords.NewScan(null, null, cluster.id(), teams, source.scanner(), source.scannerVersion(),
                source.format(), source.artifactName(), source.createdAt(), now, viewer.username()));
        Set<Long> concerned = new LinkedHashSet<>(writer.projects(cluster.id()));
        ClusterFindingWriter.Target target = new ClusterFindingWriter.Target(cluster.id(), scanId, now, historical,
                settings.slaDays(), writable);
        FindingWriter.Outcome outcome = writer.upsert(filed, target);
        if (!historical) {
            outcome = outcome.withFixed(writer.closeMissing(target));
        }
        exceptions.applyToClusterImport(cluster.id(), viewer.username(), now);
        Map<Severity, Integer> bySeverity = Severity.count(filed.stream().map(o -> o.finding().finding().severity()).toList());
        int total = filed.size();
        SpooledReport bytes = report.get();
        scans.complete(scanId, total, outcome, bySeverity, reportHeldBy == null
                ? ScanRecords.StoredReport.of(bytes) : ScanRecords.StoredReport.heldBy(reportHeldBy, bytes));
        audit.record(AuditEntry.success(viewer.username(), "scan.imported", "scan", scanId, null, Map.of(
                "cluster", cluster.name(), "format", source.format().id(), "total", total, "new", outcome.newFindings(),
                "fixed", outcome.fixed(), "reopened", outcome.reopened())));
        concerned.addAll(writer.projects(cluster.id()));
        concerned.forEach(exposure::recount);
        return new ClusterScanResult(scanId, false, source.format().id(), cluster.name(), new ImportResult.Counts(total,
                outcome.newFindings(), outcome.unchanged(), outcome.fixed(), outcome.reopened()), findings.size() - filed.size());
    }

    /**
     * Each owning team's catalog gets the entries its findings cite; findings of no team are described by
     * their own title only (a catalog is a team's, and no team's import may write another's).
     */
    private void describe(List<ClusterFindingWriter.Owned> filed, Map<String, NamespaceOwner> owners, List<CatalogEntry> entries) {
        Map<Long, Long> teamOfProject = new HashMap<>();
        owners.values().forEach(o -> teamOfProject.put(o.projectId(), o.teamId()));
        Map<Long, Set<String>> cited = new HashMap<>();
        for (ClusterFindingWriter.Owned row : filed) {
            if (row.projectId() != null) {
                ParsedFinding finding = row.finding().finding();
                cited.computeIfAbsent(teamOfProject.get(row.projectId()), t -> new HashSet<>()).add(finding.catalogId());
            }
        }
        cited.forEach((team, ids) -> catalog.upsert(team, entries.stream().filter(e -> ids.contains(e.id())).toList()));
    }
}
