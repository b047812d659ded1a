package io.keelwatch.inventory.clusters;

import io.keelwatch.access.ApiTokenService;
import io.keelwatch.access.Viewer;
import io.keelwatch.audit.AuditEntry;
import io.keelwatch.audit.AuditLog;
import io.keelwatch.inventory.ClusterSummary;
import io.keelwatch.inventory.InventoryProblem;
import io.keelwatch.inventory.environments.Labels;
import io.keelwatch.platform.CommonProblem;
import io.keelwatch.platform.KeelwatchException;
import io.keelwatch.platform.Page;
import io.keelwatch.platform.PageRequest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Creating, editing and deleting clusters (leads and admins: {@link Viewer#mayManageClusters()}), each
 * change audited with before and after; everyone reads them. A cluster is deleted only when empty: no
 * namespace rules, no active token of its agent.
 */
@Service
public class ClusterService {

    static final int MAX_DESCRIPTION = 1000;

    private final ClusterRepository clusters;
    private final ClusterQueries queries;
    private final NamespaceRuleRepository rules;
    private final ApiTokenService tokens;
    private final AuditLog audit;
    private final RecentClusters recent;

    ClusterService(ClusterRepository clusters, ClusterQueries queries, NamespaceRuleRepository rules, ApiTokenService tokens,
            AuditLog audit, RecentClusters recent) {
        this.clusters = clusters;
        this.queries = queries;
        this.rules = rules;
        this.tokens = tokens;
        this.audit = audit;
        this.recent = recent;
    }

    /** Clusters by environment order, then name; {@code environment} narrows them to one environment. */
    public Page<ClusterSummary> clusters(String environment, PageRequest page) {
        Long environmentId = environment == null || environment.isBlank() ? null : environmentId(environment);
        return new Page<>(queries.page(environmentId, page), page.page(), page.size(), queries.count(environmentId));
    }

    public ClusterSummary cluster(String name) {
        return queries.byName(name).orElseThrow(() -> notFound(name));
    }

    public Optional<ClusterSummary> find(String name) {
        return queries.byName(name);
    }

    public Optional<ClusterSummary> find(long id) {
        return queries.byId(id);
    }

    /** {@link #find(long)} as read at most {@link RecentClusters#RECHECK} ago (see there). */
    public Optional<ClusterSummary> findRecent(long id) {
        return recent.get(id, () -> queries.byId(id));
    }

    /** {@link #find(String)} as read at most {@link RecentClusters#RECHECK} ago (see there). */
    public Optional<ClusterSummary> findRecent(String name) {
        return recent.get(name, () -> queries.byName(name));
    }

    /** Every cluster's name, by name. */
    public List<String> names() {
        return queries.names();
    }

    @Transactional
    public ClusterSummary create(NewCluster request, Viewer actor) {
        requireManager(actor);
        String name = Labels.checked(request.name(), "A cluster name");
        String description = description(request.description());
        if (request.environment() == null) {
            throw noEnvironment();
        }
        long environmentId = environmentId(request.environment());
        if (clusters.existsByName(name)) {
            throw taken(name, null);
        }
        Cluster cluster = new Cluster(name, environmentId, description);
        try {
            clusters.saveAndFlush(cluster);
        } catch (DataIntegrityViolationException e) {
            throw taken(name, e);
        }
        ClusterSummary created = cluster(name);
        audit.record(AuditEntry.success(actor.username(), "cluster.created", "cluster", created.id(), null,
                Map.of("after", describe(created))));
        return created;
    }

    @Transactional
    public ClusterSummary change(String name, ClusterChange change, Viewer actor) {
        requireManager(actor);
        Cluster cluster = clusters.findByName(name).orElseThrow(() -> notFound(name));
        ClusterSummary before = cluster(name);
        recent.changing();
        if (change.name() != null && !change.name().equals(name)) {
            String newName = Labels.checked(change.name(), "A cluster name");
            if (clusters.existsByName(newName)) {
                throw taken(newName, null);
            }
            cluster.rename(newName);
        }
        if (change.environment() != null) {
            cluster.moveTo(environmentId(change.environment()));
        }
        if (change.description() != null) {
            cluster.describe(description(change.description()));
        }
        try {
            clusters.flush();
        } catch (DataIntegrityViolationException e) {
            throw taken(change.name(), e);
        }
        ClusterSummary after = cluster(cluster.name());
        if (!after.equals(before)) {
            audit.record(AuditEntry.success(actor.username(), "cluster.changed", "cluster", after.id(), null,
                    Map.of("before", describe(before), "after", describe(after))));
        }
        return after;
    }

    /** Deletes a cluster without namespace rules or active tokens (its revoked and expired tokens go with it). */
    @Transactional
    public void delete(String name, Viewer actor) {
        requireManager(actor);
        Cluster cluster = clusters.lockByName(name).orElseThrow(() -> notFound(name));
        ClusterSummary before = cluster(name);
        long ruleCount = rules.countByClusterId(cluster.id());
        long tokenCount = tokens.activeTokensBoundTo(cluster.id());
        if (ruleCount > 0 || tokenCount > 0) {
            List<String> holds = new ArrayList<>();
            if (ruleCount > 0) {
                holds.add(ruleCount + (ruleCount == 1 ? " namespace rule" : " namespace rules"));
            }
            if (tokenCount > 0) {
                holds.add(tokenCount + (tokenCount == 1 ? " active API token" : " active API tokens"));
            }
            throw new KeelwatchException(InventoryProblem.CLUSTER_IN_USE, "Cluster '" + name + "' still has "
                    + String.join(" and ", holds) + ": delete its rules and revoke its tokens first.");
        }
        recent.changing();
        clusters.delete(cluster);
        try {
            clusters.flush();
        } catch (DataIntegrityViolationException e) {
            // evidence other modules filed under the cluster (runtime alerts) references it: kept, never dropped
            throw new KeelwatchException(InventoryProblem.CLUSTER_IN_USE, "Cluster '" + name
                    + "' holds evidence (runtime alerts) that is kept: it cannot be deleted.");
        }
        audit.record(AuditEntry.success(actor.username(), "cluster.deleted", "cluster", before.id(), null,
                Map.of("before", describe(before))));
    }

    private long environmentId(String environment) {
        if (environment.isBlank()) {
            throw noEnvironment();
        }
        return queries.environmentId(environment.strip())
                .orElseThrow(() -> KeelwatchException.notFound("Environment '" + environment.strip() + "'"));
    }

    private static KeelwatchException noEnvironment() {
        return new KeelwatchException(CommonProblem.INVALID_REQUEST, "Name the environment the cluster runs in.");
    }

    /** The description to store: blank is none. */
    private static String description(String description) {
        if (description == null || description.isBlank()) {
            return null;
        }
        String text = description.strip();
        if (text.length() > MAX_DESCRIPTION) {
            throw new KeelwatchException(CommonProblem.INVALID_REQUEST,
                    "A cluster's description has at most " + MAX_DESCRIPTION + " characters.");
        }
        return text;
    }

    static void requireManager(Viewer actor) {
        if (!actor.mayManageClusters()) {
            throw new KeelwatchException(CommonProblem.FORBIDDEN, "Only leads and admins change clusters and their namespace rules.");
        }
    }

    static KeelwatchException notFound(String name) {
        return KeelwatchException.notFound("Cluster '" + name + "'");
    }

    private static KeelwatchException taken(String name, Throwable cause) {
        return new KeelwatchException(CommonProblem.CONFLICT, "A cluster '" + name + "' already exists.", cause);
    }

    private static Map<String, Object> describe(ClusterSummary cluster) {
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("name", cluster.name());
        summary.put("environment", cluster.environment());
        summary.put("description", cluster.description());
        return summary;
    }
}
