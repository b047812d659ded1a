package io.keelwatch.recovery.policies;

import io.keelwatch.access.Viewer;
import io.keelwatch.audit.AuditEntry;
import io.keelwatch.audit.AuditLog;
import io.keelwatch.inventory.ClusterSummary;
import io.keelwatch.inventory.InventoryService;
import io.keelwatch.inventory.NamespaceOwner;
import io.keelwatch.inventory.ProjectRef;
import io.keelwatch.platform.CommonProblem;
import io.keelwatch.platform.KeelwatchException;
import io.keelwatch.recovery.NewRecoveryPolicy;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Recovery policies: set (created, or changed in place) and removed by leads and admins
 * ({@link Viewer#mayManageRecoveryPolicies}), audited with before and after; read by whoever sees their team.
 */
@Service
public class PolicyService {

    private static final Pattern NAMESPACE = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");
    private static final Pattern NAME = Pattern.compile("[a-z0-9]([a-z0-9.-]{0,251}[a-z0-9])?");

    private final RecoveryPolicyRepository policies;
    private final PolicyQueries queries;
    private final PolicyRecords records;
    private final InventoryService inventory;
    private final AuditLog audit;
    private final Clock clock = Clock.systemUTC();

    PolicyService(RecoveryPolicyRepository policies, PolicyQueries queries, PolicyRecords records, InventoryService inventory,
            AuditLog audit) {
        this.policies = policies;
        this.queries = queries;
        this.records = records;
        this.inventory = inventory;
        this.audit = audit;
    }

    @Transactional(readOnly = true)
    public List<PolicySummary> policies(Viewer viewer) {
        return queries.list(viewer);
    }

    /** Sets the policy of the cluster, namespace or project the request names: the one there is changes, else a new one. */
    @Transactional
    public PolicySummary set(NewRecoveryPolicy request, Viewer viewer) {
        if (!viewer.mayManageRecoveryPolicies()) {
            throw new KeelwatchException(CommonProblem.FORBIDDEN, "Only security leads and admins set recovery policies.");
        }
        PolicyTerms terms = terms(request);
        Instant now = Instant.now(clock);
        RecoveryPolicy policy;
        Long teamId;
        if (blank(request.project()) == null) {
            String clusterName = blank(request.cluster());
            if (clusterName == null) {
                throw new KeelwatchException(CommonProblem.INVALID_REQUEST, "Name a cluster (and a namespace) or a project.");
            }
            ClusterSummary cluster = inventory.cluster(clusterName)
                    .orElseThrow(() -> KeelwatchException.notFound("Cluster '" + clusterName + "'"));
            String namespace = blank(request.namespace());
            if (namespace == null) {
                teamId = null;
                policy = policies.forCluster(cluster.id()).orElseGet(() -> new RecoveryPolicy(cluster.id(), null, null, null,
                        viewer.username(), now));
            } else {
                if (!NAMESPACE.matcher(namespace).matches()) {
                    throw new KeelwatchException(CommonProblem.INVALID_REQUEST, "namespace must be a Kubernetes namespace name.");
                }
                Optional<NamespaceOwner> owner = inventory.namespaceOwner(cluster.id(), namespace);
                teamId = owner.map(NamespaceOwner::teamId).orElse(null);
                records.fileNamespace(cluster.id(), namespace, owner.map(NamespaceOwner::projectId).orElse(null), teamId);
                policy = policies.forNamespace(cluster.id(), namespace).orElseGet(() -> new RecoveryPolicy(cluster.id(),
                        namespace, null, teamId, viewer.username(), now));
            }
        } else {
            if (blank(request.cluster()) != null || blank(request.namespace()) != null) {
                throw new KeelwatchException(CommonProblem.INVALID_REQUEST,
                        "A project's policy covers its namespaces in every cluster: name the project alone.");
            }
            ProjectRef project = inventory.visibleProject(request.project().strip(), viewer)
                    .orElseThrow(() -> KeelwatchException.notFound("Project '" + request.project().strip() + "'"));
            teamId = project.teamId();
            policy = policies.forProject(project.id()).orElseGet(() -> new RecoveryPolicy(null, null, project.id(),
                    project.teamId(), viewer.username(), now));
        }
        boolean created = policy.id() == null;
        PolicyTerms before = created ? null : policy.terms();
        policy.set(terms, teamId, now);
        policies.saveAndFlush(policy);
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("scope", policy.scope());
        details.put("before", before);
        details.put("after", terms);
        audit.record(AuditEntry.success(viewer.username(), created ? "recovery-policy.created" : "recovery-policy.changed",
                "recovery_policy", policy.id(), teamId, details));
        return queries.find(policy.id(), viewer).orElseThrow();
    }

    @Transactional
    public void delete(long id, Viewer viewer) {
        if (!viewer.mayManageRecoveryPolicies()) {
            throw new KeelwatchException(CommonProblem.FORBIDDEN, "Only security leads and admins remove recovery policies.");
        }
        RecoveryPolicy policy = policies.findById(id).orElseThrow(() -> KeelwatchException.notFound("Recovery policy " + id));
        policies.delete(policy);
        audit.record(AuditEntry.success(viewer.username(), "recovery-policy.deleted", "recovery_policy", id, policy.teamId(),
                Map.of("scope", policy.scope(), "before", policy.terms())));
    }

    private static PolicyTerms terms(NewRecoveryPolicy request) {
        String schedule = blank(request.schedule());
        if (schedule != null && !NAME.matcher(schedule).matches()) {
            throw new KeelwatchException(CommonProblem.INVALID_REQUEST, "schedule must be a Velero Schedule's name.");
        }
        int restoreTestMinutes = blank(request.restoreTestEvery()) == null ? 30 * 24 * 60
                : Durations.required(request.restoreTestEvery(), "restoreTestEvery");
        return new PolicyTerms(Durations.required(blank(request.rpo()), "rpo"), Durations.required(blank(request.rto()), "rto"),
                schedule, blank(request.minTtl()) == null ? null : Durations.required(request.minTtl(), "minTtl"),
                Math.max(1, restoreTestMinutes / (24 * 60)));
    }

    private static String blank(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
