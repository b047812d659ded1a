package io.keelwatch.inventory.clusters;

import io.keelwatch.access.Viewer;
import io.keelwatch.audit.AuditEntry;
import io.keelwatch.audit.AuditLog;
import io.keelwatch.inventory.ClusterSummary;
import io.keelwatch.inventory.InventoryProblem;
import io.keelwatch.inventory.NamespaceOwner;
import io.keelwatch.inventory.environments.Labels;
import io.keelwatch.platform.CommonProblem;
import io.keelwatch.platform.KeelwatchException;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The rules giving a cluster's namespaces to projects: leads and admins add and delete them (audited);
 * everyone reads those of their teams' projects, and asks who owns a namespace. A namespace no rule
 * maps belongs to the cluster's owners: its evidence is for leads and admins, never for a team.
 */
@Service
public class NamespaceRuleService {

    private final ClusterQueries clusters;
    private final NamespaceRuleRepository rules;
    private final NamespaceRuleQueries queries;
    private final AuditLog audit;

    NamespaceRuleService(ClusterQueries clusters, NamespaceRuleRepository rules, NamespaceRuleQueries queries, AuditLog audit) {
        this.clusters = clusters;
        this.rules = rules;
        this.queries = queries;
        this.audit = audit;
    }

    /** The cluster's rules of projects the caller sees, most specific (tried) first. */
    public List<NamespaceRuleSummary> rules(String cluster, Viewer viewer) {
        return queries.visible(cluster(cluster).id(), viewer);
    }

    @Transactional
    public NamespaceRuleSummary add(String clusterName, NewNamespaceRule request, Viewer actor) {
        ClusterService.requireManager(actor);
        ClusterSummary cluster = cluster(clusterName);
        String pattern = NamespaceGlobs.checked(request.pattern());
        if (request.project() == null || request.project().isBlank()) {
            throw new KeelwatchException(CommonProblem.INVALID_REQUEST, "Name the project the namespaces belong to.");
        }
        String slug = request.project().strip();
        NamespaceRuleQueries.ProjectKey project = queries.visibleProject(slug, actor)
                .orElseThrow(() -> KeelwatchException.notFound("Project '" + slug + "'"));
        queries.projectOfPattern(cluster.id(), pattern).ifPresent(owner -> {
            throw conflict(cluster, pattern, owner, null);
        });
        NamespaceRule rule = new NamespaceRule(cluster.id(), pattern, project.id(), actor.username());
        try {
            rules.saveAndFlush(rule);
        } catch (DataIntegrityViolationException e) {
            // the same pattern added (or the cluster deleted) since the check; the failed statement ended the transaction
            throw new KeelwatchException(InventoryProblem.NAMESPACE_RULE_CONFLICT, "Cluster '" + cluster.name()
                    + "' changed while the rule was added (another rule for '" + pattern + "'?); look at its rules and try again.", e);
        }
        audit.record(AuditEntry.success(actor.username(), "namespace-rule.added", "namespace_rule", rule.id(), project.teamId(),
                describe(cluster, pattern, project.slug())));
        return queries.visible(cluster.id(), actor).stream().filter(r -> r.id() == rule.id()).findFirst().orElseThrow();
    }

    @Transactional
    public void delete(String clusterName, long ruleId, Viewer actor) {
        ClusterService.requireManager(actor);
        ClusterSummary cluster = cluster(clusterName);
        NamespaceRule rule = rules.findByIdAndClusterId(ruleId, cluster.id())
                .orElseThrow(() -> KeelwatchException.notFound("Namespace rule " + ruleId + " of cluster '" + clusterName + "'"));
        Optional<NamespaceRuleQueries.ProjectKey> project = queries.projectOfRule(rule.id());
        rules.delete(rule);
        rules.flush();
        audit.record(AuditEntry.success(actor.username(), "namespace-rule.deleted", "namespace_rule", ruleId,
                project.map(NamespaceRuleQueries.ProjectKey::teamId).orElse(null),
                describe(cluster, rule.pattern(), project.map(NamespaceRuleQueries.ProjectKey::slug).orElse(null))));
    }

    /** Who owns the namespace, as far as the caller may know: the owner only if the caller sees its project. */
    public NamespacePreview preview(String clusterName, String namespace, Viewer viewer) {
        ClusterSummary cluster = cluster(clusterName);
        Labels.checked(namespace, "A namespace");
        NamespaceOwner owner = queries.owner(cluster.id(), namespace).filter(o -> viewer.canSee(o.teamId())).orElse(null);
        return new NamespacePreview(cluster.name(), namespace, owner);
    }

    /** The owner of the namespace by the cluster's rules, whoever asks: for filing the cluster's evidence. */
    public Optional<NamespaceOwner> owner(long clusterId, String namespace) {
        return queries.owner(clusterId, namespace);
    }

    /** See {@link io.keelwatch.inventory.InventoryService#namespaceOwnerSql}. */
    public String ownerSql(String cluster, String namespace) {
        return NamespaceRuleQueries.ownerOf(cluster, namespace);
    }

    /** {@link #owner} of many namespaces at once; those no rule maps are left out. */
    public List<String> clustersWithNamespacesOf(Viewer viewer) {
        return queries.clustersWithNamespacesOf(viewer);
    }

    public Set<Long> ownerTeams(long clusterId) {
        return queries.ownerTeams(clusterId);
    }

    public Map<String, NamespaceOwner> owners(long clusterId, Collection<String> namespaces) {
        return namespaces.isEmpty() ? Map.of() : queries.owners(clusterId, namespaces);
    }

    private ClusterSummary cluster(String name) {
        return clusters.byName(name).orElseThrow(() -> ClusterService.notFound(name));
    }

    private static KeelwatchException conflict(ClusterSummary cluster, String pattern, String owner, Throwable cause) {
        return new KeelwatchException(InventoryProblem.NAMESPACE_RULE_CONFLICT, "Cluster '" + cluster.name() + "' already gives '"
                + pattern + "' to project '" + owner + "'; delete that rule first to give these namespaces to another project.",
                cause);
    }

    private static Map<String, Object> describe(ClusterSummary cluster, String pattern, String project) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("cluster", cluster.name());
        details.put("pattern", pattern);
        details.put("project", project);
        return details;
    }
}
