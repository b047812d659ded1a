package io.keelwatch.recovery.ingest;

import io.keelwatch.access.Scope;
import io.keelwatch.access.Viewer;
import io.keelwatch.audit.AuditEntry;
import io.keelwatch.audit.AuditLog;
import io.keelwatch.inventory.ClusterSummary;
import io.keelwatch.inventory.InventoryService;
import io.keelwatch.inventory.NamespaceOwner;
import io.keelwatch.platform.KeelwatchException;
import io.keelwatch.platform.KubernetesDocuments;
import io.keelwatch.recovery.RecoveryReport;
import io.keelwatch.recovery.RecoverySettings;
import java.io.InputStream;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Function;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Records what a cluster's Velero shows: the whole document is read and checked first ({@link VeleroReader}), then
 * written in one transaction ({@link RecoveryWriter}), so a refused document writes nothing. A cluster the caller may
 * not write for is answered like one that does not exist.
 */
@Service
public class RecoveryIngest {

    private final InventoryService inventory;
    private final KubernetesDocuments documents;
    private final RecoveryWriter writer;
    private final AuditLog audit;
    private final RecoverySettings settings;
    private final TransactionTemplate transaction;
    private final Clock clock = Clock.systemUTC();

    RecoveryIngest(InventoryService inventory, KubernetesDocuments documents, RecoveryWriter writer, AuditLog audit,
            RecoverySettings settings, PlatformTransactionManager transactions) {
        this.inventory = inventory;
        this.documents = documents;
        this.writer = writer;
        this.audit = audit;
        this.settings = settings;
        this.transaction = new TransactionTemplate(transactions);
    }

    public RecoveryReport report(String clusterName, InputStream body, long declaredLength, String contentType,
            String contentEncoding, Viewer viewer) {
        ClusterSummary cluster = inventory.cluster(clusterName)
                .filter(c -> viewer.mayWriteCluster(c.id(), Scope.RECOVERY_WRITE))
                .orElseThrow(() -> KeelwatchException.notFound("Cluster '" + clusterName + "'"));
        VeleroObjects objects = VeleroReader.read(documents.read(body, declaredLength, contentType, contentEncoding,
                settings.maxUpload(), "post backups, restores, schedules and locations in separate requests."));
        Instant now = Instant.now(clock);
        return transaction.execute(status -> {
            writer.lock(cluster.id());
            List<VeleroObjects.Backup> backups = lastByName(objects.backups(), VeleroObjects.Backup::name);
            RecoveryReport.Counts backupCounts = writer.backups(cluster.id(), backups, now);
            RecoveryReport report = new RecoveryReport(cluster.name(), backupCounts,
                    writer.restores(cluster.id(), lastByName(objects.restores(), VeleroObjects.Restore::name), now),
                    writer.schedules(cluster.id(), lastByName(objects.schedules(), VeleroObjects.Schedule::name), now),
                    writer.locations(cluster.id(), lastByName(objects.locations(), VeleroObjects.Location::name), now),
                    objects.listedNamespaces(), writer.gone(cluster.id(), objects.listedNamespaces(),
                            backups.stream().map(VeleroObjects.Backup::name).toList(), now),
                    VeleroReader.firstOf(objects.warnings()), VeleroReader.firstOf(objects.skipped()));
            fileNamespaces(cluster.id(), objects);
            audit.record(AuditEntry.success(viewer.username(), "recovery.reported", "cluster", cluster.id(), null,
                    describe(report, objects)));
            return report;
        });
    }

    /**
     * Refreshes who owns each namespace recovery reports on in the cluster: those it knew, those running there now and
     * those these objects name, under the namespace rules as they are now (one lookup).
     */
    private void fileNamespaces(long clusterId, VeleroObjects objects) {
        TreeSet<String> namespaces = new TreeSet<>(writer.knownNamespaces(clusterId));
        namespaces.addAll(inventory.runningNamespaces(clusterId));
        namespaces.addAll(objects.namedNamespaces());
        Map<String, NamespaceOwner> owners = inventory.namespaceOwners(clusterId, namespaces);
        Map<String, Long> projects = new HashMap<>();
        Map<String, Long> teams = new HashMap<>();
        owners.forEach((namespace, owner) -> {
            projects.put(namespace, owner.projectId());
            teams.put(namespace, owner.teamId());
        });
        writer.namespaces(clusterId, List.copyOf(namespaces), projects, teams);
    }

    /** A document naming an object twice: the later one is what the cluster shows (and one upsert touches a row once). */
    private static <T> List<T> lastByName(List<T> objects, Function<T, String> name) {
        Map<String, T> byName = new LinkedHashMap<>();
        objects.forEach(o -> byName.put(name.apply(o), o));
        return List.copyOf(byName.values());
    }

    private static Map<String, Object> describe(RecoveryReport report, VeleroObjects objects) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("cluster", report.cluster());
        details.put("backups", report.backups());
        details.put("restores", report.restores());
        details.put("schedules", report.schedules());
        details.put("locations", report.locations());
        details.put("listedNamespaces", report.listedNamespaces());
        details.put("backupsGone", report.backupsGone());
        details.put("warnings", objects.warnings().size());
        details.put("skipped", objects.skipped().size());
        return details;
    }
}
