package io.keelwatch.inventory.workloads;

import io.keelwatch.access.Scope;
import io.keelwatch.access.Viewer;
import io.keelwatch.audit.AuditEntry;
import io.keelwatch.audit.AuditLog;
import io.keelwatch.inventory.ClusterSummary;
import io.keelwatch.inventory.EnvironmentImage;
import io.keelwatch.inventory.ImagePlacement;
import io.keelwatch.inventory.ImageRef;
import io.keelwatch.inventory.InventorySettings;
import io.keelwatch.inventory.NamespaceImages;
import io.keelwatch.inventory.WorkloadReport;
import io.keelwatch.inventory.clusters.ClusterService;
import io.keelwatch.inventory.clusters.NamespaceRuleService;
import io.keelwatch.platform.CommonProblem;
import io.keelwatch.platform.KeelwatchException;
import io.keelwatch.platform.KubernetesDocuments;
import io.keelwatch.platform.Page;
import io.keelwatch.platform.PageRequest;
import java.io.InputStream;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

/**
 * What runs in clusters: a cluster's agent (or a lead, an admin) posts what kubectl prints, and
 * everyone reads the containers of the namespaces their teams own, with their drift.
 */
@Service
public class WorkloadService {

    private static final Pattern NAMESPACE = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");

    private final ClusterService clusters;
    private final NamespaceRuleService namespaceRules;
    private final KubernetesDocuments documents;
    private final WorkloadWriter writer;
    private final WorkloadQueries queries;
    private final AuditLog audit;
    private final InventorySettings settings;
    private final TransactionTemplate transaction;
    private final RecentAdmissions recent;
    private final Clock clock;

    WorkloadService(ClusterService clusters, NamespaceRuleService namespaceRules, KubernetesDocuments documents,
            WorkloadWriter writer, WorkloadQueries queries, AuditLog audit, InventorySettings settings,
            PlatformTransactionManager transactions, RecentAdmissions recent) {
        this.clusters = clusters;
        this.namespaceRules = namespaceRules;
        this.documents = documents;
        this.writer = writer;
        this.queries = queries;
        this.audit = audit;
        this.settings = settings;
        this.transaction = new TransactionTemplate(transactions);
        this.recent = recent;
        this.clock = Clock.systemUTC();
    }

    /**
     * Records what the document shows running in the cluster, in one transaction: a list is a snapshot of
     * the cluster (or of {@code namespace}), and what it covers but does not show has stopped; one object
     * adds only. A cluster the caller may not write for is answered like one that does not exist.
     */
    public WorkloadReport report(String clusterName, String namespace, InputStream body, long declaredLength, String contentType,
            String contentEncoding, Viewer viewer) {
        ClusterSummary cluster = clusters.find(clusterName)
                .filter(c -> viewer.mayWriteCluster(c.id(), Scope.INVENTORY_WRITE))
                .orElseThrow(() -> KeelwatchException.notFound("Cluster '" + clusterName + "'"));
        String scope = namespace == null || namespace.isBlank() ? null : namespace.strip();
        if (scope != null && !NAMESPACE.matcher(scope).matches()) {
            throw new KeelwatchException(CommonProblem.INVALID_REQUEST,
                    "namespace must be a Kubernetes namespace name (lower-case letters, digits and -, at most 63).");
        }
        JsonNode document = documents.read(body, declaredLength, contentType, contentEncoding, settings.workloads().maxUpload(),
                "post large clusters one namespace at a time (?namespace=).");
        Snapshot snapshot = SnapshotReader.read(document, scope);
        return transaction.execute(status -> {
            recent.snapshotWritten();
            WorkloadWriter.Outcome outcome = writer.write(cluster.id(), scope, snapshot, projects(cluster.id(), snapshot.containers()),
                    Instant.now(clock));
            WorkloadReport report = new WorkloadReport(cluster.name(), scope, snapshot.complete(), outcome.workloads(),
                    outcome.containers(), snapshot.skippedTotal(), snapshot.skipped());
            audit.record(AuditEntry.success(viewer.username(), "workloads.reported", "cluster", cluster.id(), null,
                    describe(report)));
            return report;
        });
    }

    /**
     * Records what an admission request lets into the cluster as about to run: nothing to do when this replica found
     * the same containers recorded a moment ago ({@link RecentAdmissions}: a controller's next Pods), one read, without
     * a transaction of its own, when everything it names is already recorded; otherwise a few writes in one
     * transaction (the caller's, if it has one). The caller decided the request is let in (and is no dry run); who may
     * post it was checked at the webhook.
     */
    public void admit(long clusterId, JsonNode admissionRequest) {
        List<ObservedContainer> containers = SnapshotReader.admitted(admissionRequest);
        if (containers.isEmpty() || recent.recorded(clusterId, containers)) {
            return;
        }
        long snapshots = recent.snapshots();
        if (!writer.allRecorded(clusterId, containers)) {
            transaction.executeWithoutResult(
                    status -> writer.admit(clusterId, containers, projects(clusterId, containers), Instant.now(clock)));
        }
        recent.remember(clusterId, containers, snapshots);
    }

    /** The project each container's namespace belongs to, by the cluster's namespace rules (one statement). */
    private Map<String, Long> projects(long clusterId, List<ObservedContainer> containers) {
        Set<String> namespaces = containers.stream().map(c -> c.workload().namespace()).collect(Collectors.toSet());
        Map<String, Long> projects = new HashMap<>();
        namespaceRules.owners(clusterId, namespaces).forEach((ns, owner) -> projects.put(ns, owner.projectId()));
        return projects;
    }

    /** The containers the caller sees, most critical environment first. */
    public Page<RunningContainer> running(WorkloadFilter filter, Viewer viewer, PageRequest page) {
        Instant staleBefore = staleBefore();
        return new Page<>(queries.page(filter, viewer, staleBefore, page), page.page(), page.size(),
                queries.count(filter, viewer, staleBefore));
    }

    public List<ImageRef> runningUnderTag(long clusterId, String namespace, String repository, String tag) {
        return queries.runningUnderTag(clusterId, namespace, repository, tag);
    }

    public List<String> namespaces(long clusterId) {
        return queries.namespaces(clusterId);
    }

    public NamespaceImages runningAt(long clusterId, String namespace, Instant at, Viewer viewer) {
        return queries.runningAt(clusterId, namespace, at, viewer);
    }

    /** Bounds a many-image placement read (the gate page's): more containers than this in one environment are not listed. */
    static final int MAX_PLACEMENTS = 10_000;

    public List<ImagePlacement> placements(long imageId, Viewer viewer) {
        return queries.placements(imageId, viewer, 100);
    }

    public List<String> environmentsRunning(long imageId, Viewer viewer) {
        return queries.environments(imageId, viewer);
    }

    public List<Long> imagesRunningIn(String environment, Viewer viewer) {
        return queries.imagesRunningIn(environment, viewer);
    }

    public Map<Long, List<ImagePlacement>> placements(Collection<Long> imageIds, String environment, Viewer viewer) {
        return imageIds.isEmpty() ? Map.of() : queries.placements(imageIds.toArray(Long[]::new), environment, viewer, MAX_PLACEMENTS);
    }

    public List<EnvironmentImage> runningIn(Collection<String> environments, String project, Viewer viewer) {
        return queries.runningIn(environments, project, viewer);
    }

    private Instant staleBefore() {
        return Instant.now(clock).minus(settings.workloads().scanMaxAge());
    }

    private static Map<String, Object> describe(WorkloadReport report) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("cluster", report.cluster());
        details.put("namespace", report.namespace());
        details.put("snapshot", report.snapshot());
        details.put("workloads", report.workloads());
        details.put("containers", report.containers());
        details.put("skipped", report.skippedTotal());
        return details;
    }
}
