package io.keelwatch.inventory.clusters;

import io.keelwatch.access.TeamScope;
import io.keelwatch.access.Viewer;
import io.keelwatch.inventory.NamespaceOwner;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Namespace rules as callers see them (those of their teams' projects, through {@link TeamScope}),
 * and which rule owns a namespace — the lookup that files a cluster's evidence, whoever reads it later.
 */
@Repository
class NamespaceRuleQueries {

    /** A project a rule may name: one the caller sees. */
    record ProjectKey(long id, String slug, long teamId) {
    }

    private static final String OWNER = """
            select p.id as project_id, p.slug as project, p.name as project_name, p.team_id, t.slug as team, r.pattern
            from namespace_rule r join project p on p.id = r.project_id join team t on t.id = p.team_id
            """;

    private final JdbcClient jdbc;

    NamespaceRuleQueries(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The cluster's rules the caller sees, in the order they are tried (most specific first). */
    List<NamespaceRuleSummary> visible(long clusterId, Viewer viewer) {
        return jdbc.sql("""
                select r.id, r.pattern, p.slug as project, p.name as project_name, t.slug as team, r.created_at, r.created_by
                from namespace_rule r join project p on p.id = r.project_id join team t on t.id = p.team_id
                where r.cluster_id = :cluster and %s
                order by %s
                """.formatted(TeamScope.PROJECTS, NamespaceGlobs.MOST_SPECIFIC_FIRST.formatted("r")))
                .params(TeamScope.of(viewer).params())
                .param("cluster", clusterId)
                .query(NamespaceRuleSummary.class)
                .list();
    }

    /**
     * The owner (columns {@code project_id}, {@code team_id}) of the namespace in column {@code namespace} of the cluster
     * in column {@code cluster} by the same rules as {@link #owner}, as a subquery for a statement that files many rows at
     * once; no row for an empty namespace (host events) or one no rule maps.
     */
    static String ownerOf(String cluster, String namespace) {
        return "select p.id as project_id, p.team_id from namespace_rule r join project p on p.id = r.project_id where r.cluster_id = "
                + cluster + " and " + namespace + " <> '' and "
                + NamespaceGlobs.MATCHES.replace(":namespace", namespace).formatted("r.pattern") + " order by "
                + NamespaceGlobs.MOST_SPECIFIC_FIRST.formatted("r") + " limit 1";
    }

    /** The owner of the namespace by the most specific rule matching it, whoever asks. */
    Optional<NamespaceOwner> owner(long clusterId, String namespace) {
        return jdbc.sql(OWNER + " where r.cluster_id = :cluster and %s order by %s limit 1"
                        .formatted(NamespaceGlobs.MATCHES.formatted("r.pattern"), NamespaceGlobs.MOST_SPECIFIC_FIRST.formatted("r")))
                .param("cluster", clusterId)
                .param("namespace", namespace)
                .query(NamespaceOwner.class)
                .optional();
    }

    /** {@link #owner} of each namespace, in one statement; namespaces no rule matches are left out. */
    Map<String, NamespaceOwner> owners(long clusterId, Collection<String> namespaces) {
        Map<String, NamespaceOwner> owners = new LinkedHashMap<>();
        jdbc.sql("""
                select distinct on (n.namespace) n.namespace, o.*
                from unnest(cast(:namespaces as text[])) as n (namespace)
                cross join lateral (%s where r.cluster_id = :cluster and %s order by %s limit 1) o
                order by n.namespace
                """.formatted(OWNER, NamespaceGlobs.MATCHES.replace(":namespace", "n.namespace").formatted("r.pattern"),
                        NamespaceGlobs.MOST_SPECIFIC_FIRST.formatted("r")))
                .param("cluster", clusterId)
                .param("namespaces", namespaces.toArray(String[]::new))
                .query((rs, n) -> owners.put(rs.getString("namespace"), new NamespaceOwner(rs.getLong("project_id"),
                        rs.getString("project"), rs.getString("project_name"), rs.getLong("team_id"), rs.getString("team"),
                        rs.getString("pattern"))))
                .list();
        return owners;
    }

    /** The clusters with a namespace rule naming a project the caller sees, by name. */
    List<String> clustersWithNamespacesOf(Viewer viewer) {
        return jdbc.sql("select distinct c.name from cluster c join namespace_rule r on r.cluster_id = c.id"
                        + " join project p on p.id = r.project_id where " + TeamScope.PROJECTS + " order by c.name")
                .params(TeamScope.of(viewer).params())
                .query(String.class)
                .list();
    }

    /** The teams whose projects the cluster's namespace rules name, whoever asks. */
    Set<Long> ownerTeams(long clusterId) {
        return Set.copyOf(jdbc.sql("select distinct p.team_id from namespace_rule r join project p on p.id = r.project_id"
                        + " where r.cluster_id = :cluster")
                .param("cluster", clusterId)
                .query(Long.class)
                .list());
    }

    Optional<ProjectKey> visibleProject(String slug, Viewer viewer) {
        return jdbc.sql("select p.id, p.slug, p.team_id from project p where p.slug = :slug and " + TeamScope.PROJECTS)
                .params(TeamScope.of(viewer).params())
                .param("slug", slug)
                .query(ProjectKey.class)
                .optional();
    }

    /** The project a rule gives its namespaces to, whoever may see it (for the audit trail). */
    Optional<ProjectKey> projectOfRule(long ruleId) {
        return jdbc.sql("select p.id, p.slug, p.team_id from namespace_rule r join project p on p.id = r.project_id where r.id = :id")
                .param("id", ruleId)
                .query(ProjectKey.class)
                .optional();
    }

    /** The slug of the project the cluster already gives this pattern to, if any. */
    Optional<String> projectOfPattern(long clusterId, String pattern) {
        return jdbc.sql("""
                select p.slug from namespace_rule r join project p on p.id = r.project_id
                where r.cluster_id = :cluster and r.pattern = :pattern
                """)
                .param("cluster", clusterId)
                .param("pattern", pattern)
                .query(String.class)
                .optional();
    }
}
