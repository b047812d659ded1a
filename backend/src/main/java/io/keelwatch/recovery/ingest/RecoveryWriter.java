package io.keelwatch.recovery.ingest;

import io.keelwatch.recovery.RecoveryReport.Counts;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes one document's Velero objects, in the caller's transaction: per kind one statement, whatever the number of
 * objects — the rows go in as one JSON array ({@code jsonb_to_recordset}, which also carries the namespace lists, an
 * array per row that {@code unnest} cannot), upserted on (cluster, name) only where something differs, and, for
 * backups and restores, the phase each was seen in appended to its history in the same statement. The same objects
 * posted again change nothing.
 */
@Repository
class RecoveryWriter {

    private static final String UPDATED = "returning id, phase, (xmax = 0) as added";

    private final JdbcClient jdbc;
    private final JsonMapper json = JsonMapper.builder().build();

    RecoveryWriter(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Objects of one cluster take turns, so two posts never interleave their upserts. */
    void lock(long clusterId) {
        jdbc.sql("select pg_advisory_xact_lock(hashtext('recovery'), cast(:cluster as integer))")
                .param("cluster", clusterId).query(Object.class).single();
    }

    Counts backups(long clusterId, List<VeleroObjects.Backup> backups, Instant now) {
        if (backups.isEmpty()) {
            return new Counts(0, 0, 0);
        }
        return counts(upsertWithPhases("recovery_backup", "recovery_backup_phase", "backup_id", """
                name text, uid text, phase text, schedule_name text, storage_location text, included_namespaces text[],
                excluded_namespaces text[], label_selector boolean, ttl text, created_at timestamptz, started_at timestamptz,
                completed_at timestamptz, expires_at timestamptz, errors integer, warnings integer, failure_reason text,
                validation_errors text[], import_warnings text[], velero_namespace text, deletion_timestamp timestamptz,
                gone_at timestamptz""", clusterId, now, rows(backups, b -> row(
                        "name", b.name(), "uid", b.uid(), "phase", b.phase(), "schedule_name", b.scheduleName(),
                        "storage_location", b.storageLocation(), "included_namespaces", b.includedNamespaces(),
                        "excluded_namespaces", b.excludedNamespaces(), "label_selector", b.labelSelector(), "ttl", b.ttl(),
                        "created_at", text(b.createdAt()), "started_at", text(b.startedAt()), "completed_at", text(b.completedAt()),
                        "expires_at", text(b.expiresAt()), "errors", b.errors(), "warnings", b.warnings(),
                        "failure_reason", b.failureReason(), "validation_errors", b.validationErrors(),
                        "import_warnings", b.importWarnings(), "velero_namespace", b.veleroNamespace(),
                        "deletion_timestamp", text(b.deletionTimestamp()),
                        // shown again: not gone (Velero's backup sync restores a backup still in its storage location)
                        "gone_at", null))), backups.size());
    }

    /**
     * Marks gone, as of now, the backups a complete listing of their Velero namespaces no longer shows (one statement):
     * of this cluster, in one of {@code namespaces} (or recorded without a namespace), not among {@code listed}, not
     * gone already. They stay, as evidence; readiness no longer counts them.
     */
    int gone(long clusterId, List<String> namespaces, List<String> listed, Instant now) {
        if (namespaces.isEmpty()) {
            return 0;
        }
        return jdbc.sql("""
                        update recovery_backup set gone_at = :now, updated_at = :now
                        where cluster_id = :cluster and gone_at is null and not (name = any(:listed))
                          and (velero_namespace is null or velero_namespace = any(:namespaces))""")
                .param("cluster", clusterId)
                .param("now", Timestamp.from(now))
                .param("listed", listed.toArray(String[]::new))
                .param("namespaces", namespaces.toArray(String[]::new))
                .update();
    }

    Counts restores(long clusterId, List<VeleroObjects.Restore> restores, Instant now) {
        if (restores.isEmpty()) {
            return new Counts(0, 0, 0);
        }
        return counts(upsertWithPhases("recovery_restore", "recovery_restore_phase", "restore_id", """
                name text, uid text, phase text, backup_name text, schedule_name text, included_namespaces text[],
                excluded_namespaces text[], namespace_mapping jsonb, created_at timestamptz, started_at timestamptz,
                completed_at timestamptz, errors integer, warnings integer, failure_reason text, validation_errors text[],
                import_warnings text[]""", clusterId, now, rows(restores, r -> row(
                        "name", r.name(), "uid", r.uid(), "phase", r.phase(), "backup_name", r.backupName(),
                        "schedule_name", r.scheduleName(), "included_namespaces", r.includedNamespaces(),
                        "excluded_namespaces", r.excludedNamespaces(), "namespace_mapping", r.namespaceMapping(),
                        "created_at", text(r.createdAt()), "started_at", text(r.startedAt()), "completed_at", text(r.completedAt()),
                        "errors", r.errors(), "warnings", r.warnings(), "failure_reason", r.failureReason(),
                        "validation_errors", r.validationErrors(), "import_warnings", r.importWarnings()))), restores.size());
    }

    /**
     * Backups and restores alike: the rows upserted on (cluster, name) where something differs, and the phase each
     * was seen in appended to its history, in one statement; {@code definitions} are the columns with their types,
     * in the order the table lists them.
     */
    private List<Boolean> upsertWithPhases(String table, String phaseTable, String key, String definitions, long clusterId,
            Instant now, String rows) {
        String columns = Arrays.stream(definitions.split(","))
                .map(definition -> definition.strip().split("\\s+")[0])
                .collect(Collectors.joining(", "));
        return jdbc.sql("""
                        with r as (
                            select * from jsonb_to_recordset(cast(:rows as jsonb)) as x(%6$s)
                        ), upserted as (
                            insert into %7$s (cluster_id, %1$s, first_reported_at, updated_at)
                            select :cluster, %1$s, :now, :now from r
                            on conflict (cluster_id, name) do update set %2$s, updated_at = excluded.updated_at
                            where (%3$s) is distinct from (%4$s)
                            %5$s
                        ), history as (
                            insert into %8$s (%9$s, phase, seen_at)
                            select id, phase, :now from upserted
                            on conflict do nothing
                        )
                        select added from upserted""".formatted(columns, assignments(columns), qualified(table, columns),
                        qualified("excluded", columns), UPDATED, definitions, table, phaseTable, key))
                .param("cluster", clusterId)
                .param("now", Timestamp.from(now))
                .param("rows", rows)
                .query(Boolean.class).list();
    }

    Counts schedules(long clusterId, List<VeleroObjects.Schedule> schedules, Instant now) {
        if (schedules.isEmpty()) {
            return new Counts(0, 0, 0);
        }
        String columns = "name, cron, paused, phase, last_backup, ttl, storage_location, included_namespaces, "
                + "excluded_namespaces, label_selector, import_warnings";
        return counts(jdbc.sql("""
                        insert into recovery_schedule (cluster_id, %1$s, updated_at)
                        select :cluster, %1$s, :now
                        from jsonb_to_recordset(cast(:rows as jsonb)) as x(name text, cron text, paused boolean, phase text,
                            last_backup timestamptz, ttl text, storage_location text, included_namespaces text[],
                            excluded_namespaces text[], label_selector boolean, import_warnings text[])
                        on conflict (cluster_id, name) do update set %2$s, updated_at = excluded.updated_at
                        where (%3$s) is distinct from (%4$s)
                        returning (xmax = 0) as added""".formatted(columns, assignments(columns),
                        qualified("recovery_schedule", columns), qualified("excluded", columns)))
                .param("cluster", clusterId)
                .param("now", Timestamp.from(now))
                .param("rows", rows(schedules, s -> row(
                        "name", s.name(), "cron", s.cron(), "paused", s.paused(), "phase", s.phase(),
                        "last_backup", text(s.lastBackup()), "ttl", s.ttl(), "storage_location", s.storageLocation(),
                        "included_namespaces", s.includedNamespaces(), "excluded_namespaces", s.excludedNamespaces(),
                        "label_selector", s.labelSelector(), "import_warnings", s.importWarnings())))
                .query(Boolean.class).list(), schedules.size());
    }

    Counts locations(long clusterId, List<VeleroObjects.Location> locations, Instant now) {
        if (locations.isEmpty()) {
            return new Counts(0, 0, 0);
        }
        String columns = "name, provider, bucket, is_default, access_mode, phase, message, last_validated";
        return counts(jdbc.sql("""
                        insert into recovery_location (cluster_id, %1$s, updated_at)
                        select :cluster, %1$s, :now
                        from jsonb_to_recordset(cast(:rows as jsonb)) as x(name text, provider text, bucket text,
                            is_default boolean, access_mode text, phase text, message text, last_validated timestamptz)
                        on conflict (cluster_id, name) do update set %2$s, updated_at = excluded.updated_at
                        where (%3$s) is distinct from (%4$s)
                        returning (xmax = 0) as added""".formatted(columns, assignments(columns),
                        qualified("recovery_location", columns), qualified("excluded", columns)))
                .param("cluster", clusterId)
                .param("now", Timestamp.from(now))
                .param("rows", rows(locations, l -> row(
                        "name", l.name(), "provider", l.provider(), "bucket", l.bucket(), "is_default", l.isDefault(),
                        "access_mode", l.accessMode(), "phase", l.phase(), "message", l.message(),
                        "last_validated", text(l.lastValidated()))))
                .query(Boolean.class).list(), locations.size());
    }

    /**
     * Files the namespaces recovery reports on under their owners now (project and team; null: no rule maps it),
     * in one statement: the ones named here join those the cluster already had.
     */
    void namespaces(long clusterId, List<String> namespaces, Map<String, Long> projects, Map<String, Long> teams) {
        if (namespaces.isEmpty()) {
            return;
        }
        jdbc.sql("""
                        insert into recovery_namespace (cluster_id, namespace, project_id, team_id)
                        select :cluster, n, p, t from unnest(cast(:namespaces as text[]), cast(:projects as bigint[]),
                            cast(:teams as bigint[])) as u(n, p, t)
                        on conflict (cluster_id, namespace) do update set project_id = excluded.project_id, team_id = excluded.team_id
                        where (recovery_namespace.project_id, recovery_namespace.team_id)
                              is distinct from (excluded.project_id, excluded.team_id)""")
                .param("cluster", clusterId)
                .param("namespaces", namespaces.toArray(String[]::new))
                .param("projects", namespaces.stream().map(projects::get).toArray(Long[]::new))
                .param("teams", namespaces.stream().map(teams::get).toArray(Long[]::new))
                .update();
    }

    /** The namespaces recovery already reports on in the cluster. */
    List<String> knownNamespaces(long clusterId) {
        return jdbc.sql("select namespace from recovery_namespace where cluster_id = :cluster")
                .param("cluster", clusterId).query(String.class).list();
    }

    private static Counts counts(List<Boolean> written, int seen) {
        int added = (int) written.stream().filter(Boolean::booleanValue).count();
        return new Counts(seen, added, written.size() - added);
    }

    private <T> String rows(List<T> objects, Function<T, Map<String, Object>> row) {
        List<Map<String, Object>> rows = new ArrayList<>(objects.size());
        objects.forEach(o -> rows.add(row.apply(o)));
        return json.writeValueAsString(rows);
    }

    private static Map<String, Object> row(Object... pairs) {
        Map<String, Object> row = new HashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            row.put((String) pairs[i], pairs[i + 1]);
        }
        return row;
    }

    private static String text(Instant instant) {
        return instant == null ? null : instant.toString();
    }

    private static String assignments(String columns) {
        return String.join(", ", List.of(columns.split(", ")).stream().filter(c -> !c.equals("name"))
                .map(c -> c + " = excluded." + c).toList());
    }

    private static String qualified(String table, String columns) {
        return String.join(", ", List.of(columns.split(", ")).stream().filter(c -> !c.equals("name"))
                .map(c -> table + "." + c).toList());
    }
}
