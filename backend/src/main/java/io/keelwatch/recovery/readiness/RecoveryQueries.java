package io.keelwatch.recovery.readiness;

import io.keelwatch.access.TeamScope;
import io.keelwatch.access.Viewer;
import io.keelwatch.recovery.policies.PolicyQueries;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * What readiness reads, as the caller may see it. Namespaces through {@link TeamScope} on their owner's team (a
 * namespace no rule maps: only callers who see every team). A backup, schedule or restore is the cluster's, not a
 * team's: a caller sees one when it covers a namespace they see (a restore through its backup); callers who see every
 * team see all. Storage locations name no namespace and are read like clusters, by everyone.
 */
@Repository
class RecoveryQueries {

    /** Which policy applies to namespace {@code n}: its own, else its project's, else its cluster's. */
    static final String POLICY = """
            left join lateral (
                select case when x.namespace is not null then 'namespace' when x.project_id is not null then 'project'
                            else 'cluster' end as policy_scope, x.*
                from recovery_policy x
                where (x.cluster_id = n.cluster_id and x.namespace = n.namespace) or x.project_id = n.project_id
                   or (x.cluster_id = n.cluster_id and x.namespace is null and x.project_id is null)
                order by case when x.namespace is not null then 0 when x.project_id is not null then 1 else 2 end
                limit 1) pol on true
            """;

    /**
     * Whether and when backup {@code b} was deleted (V33): Kubernetes was asked to delete it, it is in phase Deleting
     * (since it was first seen so), or a complete listing of its Velero namespace no longer had it.
     */
    private static final String DELETED = """
            case when b.gone_at is not null and (b.deletion_timestamp is not null or b.phase = 'Deleting') then 'deleted by Velero'
                 when b.deletion_timestamp is not null or b.phase = 'Deleting' then 'being deleted by Velero'
                 when b.gone_at is not null then 'no longer listed by Velero' end as deleted,
            coalesce(b.deletion_timestamp,
                     case when b.phase = 'Deleting' then (select h.seen_at from recovery_backup_phase h
                                                         where h.backup_id = b.id and h.phase = 'Deleting') end,
                     b.gone_at) as deleted_at
            """;

    private static final String BACKUP_COLUMNS = """
            b.id, b.cluster_id, b.name, b.phase, b.schedule_name, b.storage_location, b.included_namespaces,
            b.excluded_namespaces, b.label_selector, b.ttl, b.created_at, b.started_at, b.completed_at, b.expires_at,
            b.errors, b.failure_reason, """ + DELETED;

    private static final String RESTORE_COLUMNS = """
            r.id, r.cluster_id, r.name, r.phase, r.backup_name, r.included_namespaces, r.excluded_namespaces,
            r.namespace_mapping, r.created_at, r.started_at, r.completed_at, r.errors, r.failure_reason,
            (select e.passed from recovery_evidence e where e.restore_id = r.id and e.passed is not null
             order by e.created_at desc, e.id desc limit 1) as health_check""";

    private final JdbcClient jdbc;
    private final JsonMapper json = JsonMapper.builder().build();

    RecoveryQueries(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The namespaces the caller sees, most critical environment first, with the policy that applies to each. */
    List<Rows.Namespace> namespaces(Viewer viewer, String cluster, Long projectId) {
        TeamScope scope = TeamScope.of(viewer);
        return jdbc.sql("""
                        select n.cluster_id, c.name as cluster, e.name as environment, n.namespace, n.project_id,
                               p.slug as project, p.name as project_name, t.slug as team, pol.policy_scope,
                               pol.rpo_minutes, pol.rto_minutes, pol.schedule_name, pol.min_ttl_minutes, pol.restore_test_days
                        from recovery_namespace n
                        join cluster c on c.id = n.cluster_id
                        join environment e on e.id = c.environment_id
                        left join project p on p.id = n.project_id
                        left join team t on t.id = n.team_id
                        """ + POLICY + " where " + scope.covers("n.team_id") + """
                          and (cast(:cluster as text) is null or c.name = :cluster)
                          and (cast(:project as bigint) is null or n.project_id = :project)
                        order by e.rank desc, c.name, n.namespace""")
                .params(scope.params())
                .param("cluster", cluster)
                .param("project", projectId)
                .query((rs, n) -> new Rows.Namespace(rs.getLong("cluster_id"), rs.getString("cluster"),
                        rs.getString("environment"), rs.getString("namespace"), rs.getObject("project_id", Long.class),
                        rs.getString("project"), rs.getString("project_name"), rs.getString("team"),
                        rs.getString("policy_scope"), PolicyQueries.terms(rs)))
                .list();
    }

    /** What the clusters hold that the caller may see, per cluster. */
    Map<Long, Rows.Cluster> clusters(List<Long> clusterIds, Viewer viewer) {
        Map<Long, Rows.Cluster> clusters = new LinkedHashMap<>();
        if (clusterIds.isEmpty()) {
            return clusters;
        }
        Long[] ids = clusterIds.toArray(Long[]::new);
        TeamScope scope = TeamScope.of(viewer);
        List<Rows.Backup> backups = jdbc.sql("select " + BACKUP_COLUMNS + " from recovery_backup b where b.cluster_id = any(:clusters)"
                        + visible(scope, "b"))
                .params(scope.params()).param("clusters", ids)
                .query((rs, n) -> backup(rs)).list();
        List<Rows.Restore> restores = jdbc.sql("select " + RESTORE_COLUMNS + " from recovery_restore r where r.cluster_id = any(:clusters)"
                        + visibleRestore(scope))
                .params(scope.params()).param("clusters", ids)
                .query((rs, n) -> restore(rs)).list();
        List<Rows.Schedule> schedules = jdbc.sql("""
                        select s.cluster_id, s.name, s.paused, s.phase, s.last_backup, s.ttl, s.included_namespaces,
                               s.excluded_namespaces, s.label_selector
                        from recovery_schedule s where s.cluster_id = any(:clusters)""" + visible(scope, "s"))
                .params(scope.params()).param("clusters", ids)
                .query((rs, n) -> new Rows.Schedule(rs.getLong("cluster_id"), rs.getString("name"), rs.getBoolean("paused"),
                        rs.getString("phase"), instant(rs, "last_backup"), rs.getString("ttl"), strings(rs, "included_namespaces"),
                        strings(rs, "excluded_namespaces"), rs.getBoolean("label_selector")))
                .list();
        List<Rows.Location> locations = locations(ids);
        for (Long id : clusterIds) {
            Map<String, Rows.Schedule> byName = new HashMap<>();
            schedules.stream().filter(s -> s.clusterId() == id).forEach(s -> byName.put(s.name(), s));
            Map<String, Rows.Location> located = new TreeMap<>();
            locations.stream().filter(l -> l.clusterId() == id).forEach(l -> located.put(l.name(), l));
            clusters.put(id, new Rows.Cluster(backups.stream().filter(b -> b.clusterId() == id).toList(),
                    restores.stream().filter(r -> r.clusterId() == id).toList(), byName, located));
        }
        return clusters;
    }

    /** Storage locations of the clusters, by cluster and name: infrastructure everyone reads, like the clusters. */
    List<Rows.Location> locations(Long[] clusterIds) {
        return jdbc.sql("""
                        select l.cluster_id, l.name, l.provider, l.bucket, l.is_default, l.phase, l.message, l.last_validated
                        from recovery_location l where l.cluster_id = any(:clusters) order by l.cluster_id, l.name""")
                .param("clusters", clusterIds)
                .query((rs, n) -> new Rows.Location(rs.getLong("cluster_id"), rs.getString("name"), rs.getString("provider"),
                        rs.getString("bucket"), rs.getBoolean("is_default"), rs.getString("phase"), rs.getString("message"),
                        instant(rs, "last_validated")))
                .list();
    }

    Optional<BackupDetail> backup(long id, Viewer viewer) {
        TeamScope scope = TeamScope.of(viewer);
        return jdbc.sql("""
                        select b.*, c.name as cluster, """ + DELETED + """
                        from recovery_backup b join cluster c on c.id = b.cluster_id
                        where b.id = :id""" + visible(scope, "b"))
                .params(scope.params()).param("id", id)
                .query((rs, n) -> new BackupDetail(rs.getLong("id"), rs.getLong("cluster_id"), rs.getString("cluster"),
                        rs.getString("name"), rs.getString("uid"), rs.getString("phase"), null, rs.getString("schedule_name"),
                        rs.getString("storage_location"), null, strings(rs, "included_namespaces"),
                        strings(rs, "excluded_namespaces"), rs.getBoolean("label_selector"), rs.getString("ttl"),
                        time(rs, "created_at"), time(rs, "started_at"), time(rs, "completed_at"), time(rs, "expires_at"),
                        rs.getInt("errors"), rs.getInt("warnings"), rs.getString("failure_reason"),
                        strings(rs, "validation_errors"), strings(rs, "import_warnings"), List.of(), List.of(),
                        time(rs, "first_reported_at"), time(rs, "updated_at"), rs.getString("velero_namespace"),
                        time(rs, "deleted_at")))
                .optional();
    }

    List<PhaseSeen> backupPhases(long id) {
        return jdbc.sql("select phase, seen_at from recovery_backup_phase where backup_id = :id order by seen_at, phase")
                .param("id", id)
                .query((rs, n) -> new PhaseSeen(rs.getString("phase"), time(rs, "seen_at")))
                .list();
    }

    /** The restores of a backup the caller sees (its visibility is the backup's). */
    List<RestoreRef> restoresOf(long clusterId, String backupName) {
        return jdbc.sql("select " + RESTORE_COLUMNS + " from recovery_restore r where r.cluster_id = :cluster and r.backup_name = :backup"
                        + " order by r.completed_at desc nulls last, r.id desc limit 50")
                .param("cluster", clusterId).param("backup", backupName)
                .query((rs, n) -> Readiness.ref(restore(rs), null))
                .list();
    }

    Optional<RestoreDetail> restore(long id, Viewer viewer) {
        TeamScope scope = TeamScope.of(viewer);
        return jdbc.sql("select " + RESTORE_COLUMNS + """
                        , r.uid, r.warnings, r.validation_errors, r.import_warnings, r.schedule_name, r.first_reported_at,
                          r.updated_at, c.name as cluster,
                          (select b.id from recovery_backup b where b.cluster_id = r.cluster_id and b.name = r.backup_name) as backup_id
                        from recovery_restore r join cluster c on c.id = r.cluster_id
                        where r.id = :id""" + visibleRestore(scope))
                .params(scope.params()).param("id", id)
                .query((rs, n) -> {
                    Rows.Restore row = restore(rs);
                    return new RestoreDetail(row.id(), rs.getString("cluster"), row.name(), rs.getString("uid"), row.phase(),
                            row.backupName(), rs.getObject("backup_id", Long.class), rs.getString("schedule_name"),
                            row.included(), row.excluded(), row.mapping(), time(rs, "created_at"), time(rs, "started_at"),
                            time(rs, "completed_at"), row.durationSeconds(), row.errors(), rs.getInt("warnings"),
                            row.failureReason(), strings(rs, "validation_errors"), strings(rs, "import_warnings"), List.of(),
                            List.of(), time(rs, "first_reported_at"), time(rs, "updated_at"), null);
                })
                .optional();
    }

    /** The team a restore's evidence is filed under: that of the first namespace it restores that the writer sees. */
    List<Long> restoreTeams(long id) {
        return jdbc.sql("""
                        select distinct n.team_id from recovery_restore r
                        join recovery_backup b on b.cluster_id = r.cluster_id and b.name = r.backup_name
                        join recovery_namespace n on n.cluster_id = r.cluster_id
                        where r.id = :id and """ + Coverage.sql("b") + " and " + Coverage.sql("r"))
                .param("id", id)
                .query((rs, n) -> rs.getObject("team_id", Long.class))
                .list();
    }

    List<PhaseSeen> restorePhases(long id) {
        return jdbc.sql("select phase, seen_at from recovery_restore_phase where restore_id = :id order by seen_at, phase")
                .param("id", id)
                .query((rs, n) -> new PhaseSeen(rs.getString("phase"), time(rs, "seen_at")))
                .list();
    }

    List<Evidence> evidence(long restoreId) {
        return jdbc.sql("select id, passed, note, created_by, created_at from recovery_evidence where restore_id = :id order by created_at, id")
                .param("id", restoreId)
                .query((rs, n) -> new Evidence(rs.getLong("id"), rs.getObject("passed", Boolean.class), rs.getString("note"),
                        rs.getString("created_by"), time(rs, "created_at")))
                .list();
    }

    /** Rows of {@code object} (a backup or schedule) that cover a namespace the caller sees; all for those who see every team. */
    private static String visible(TeamScope scope, String object) {
        return scope.allTeams() ? "" : " and exists (select 1 from recovery_namespace n where n.cluster_id = " + object
                + ".cluster_id and " + Coverage.sql(object) + " and " + scope.covers("n.team_id") + ")";
    }

    private static String visibleRestore(TeamScope scope) {
        return scope.allTeams() ? "" : " and exists (select 1 from recovery_backup b where b.cluster_id = r.cluster_id"
                + " and b.name = r.backup_name" + visible(scope, "b") + ")";
    }

    private Rows.Backup backup(ResultSet rs) throws SQLException {
        return new Rows.Backup(rs.getLong("id"), rs.getLong("cluster_id"), rs.getString("name"), rs.getString("phase"),
                rs.getString("schedule_name"), rs.getString("storage_location"), strings(rs, "included_namespaces"),
                strings(rs, "excluded_namespaces"), rs.getBoolean("label_selector"), rs.getString("ttl"),
                instant(rs, "created_at"), instant(rs, "started_at"), instant(rs, "completed_at"), instant(rs, "expires_at"),
                rs.getInt("errors"), rs.getString("failure_reason"), rs.getString("deleted"), instant(rs, "deleted_at"));
    }

    private Rows.Restore restore(ResultSet rs) throws SQLException {
        Map<String, String> mapping = json.readValue(rs.getString("namespace_mapping"), new TypeReference<TreeMap<String, String>>() {
        });
        return new Rows.Restore(rs.getLong("id"), rs.getLong("cluster_id"), rs.getString("name"), rs.getString("phase"),
                rs.getString("backup_name"), strings(rs, "included_namespaces"), strings(rs, "excluded_namespaces"), mapping,
                instant(rs, "created_at"), instant(rs, "started_at"), instant(rs, "completed_at"), rs.getInt("errors"),
                rs.getString("failure_reason"), rs.getObject("health_check", Boolean.class));
    }

    static List<String> strings(ResultSet rs, String column) throws SQLException {
        Array array = rs.getArray(column);
        return array == null ? List.of() : Arrays.asList((String[]) array.getArray());
    }

    static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp value = rs.getTimestamp(column);
        return value == null ? null : value.toInstant();
    }

    static OffsetDateTime time(ResultSet rs, String column) throws SQLException {
        return rs.getObject(column, OffsetDateTime.class);
    }
}
