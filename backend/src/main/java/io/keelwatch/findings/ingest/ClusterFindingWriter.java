package io.keelwatch.findings.ingest;

import static io.keelwatch.findings.ingest.SqlArrays.chunks;
import static io.keelwatch.findings.ingest.SqlArrays.column;

import io.keelwatch.findings.Severity;
import io.keelwatch.findings.ingest.report.ClusterFinding;
import io.keelwatch.findings.ingest.report.ParsedFinding;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.json.JsonMapper;

/**
 * Set-based writes of a cluster's own findings ({@code finding.cluster_id}), the counterpart of
 * {@link FindingWriter} for an image: the same columns, the same new / unchanged / reopened / fixed
 * rules and {@code scan_change} rows, keyed by (cluster, fingerprint) instead of (project, image,
 * fingerprint). Each row carries the project its namespace belongs to now, or none.
 */
@Repository
class ClusterFindingWriter {

    private final JdbcClient jdbc;
    private final JsonMapper json;

    ClusterFindingWriter(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /** A finding of the cluster with the project its namespace belongs to (null: the cluster's owners only). */
    record Owned(ClusterFinding finding, Long projectId) {
    }

    /**
     * Where a cluster scan's findings go. {@code writableProjects} null: the writer speaks for the whole
     * cluster; otherwise it closes only what belongs to those projects.
     */
    record Target(long clusterId, long scanId, Instant now, boolean historical, Map<Severity, Integer> slaDays,
            Set<Long> writableProjects) {
    }

    private static final String REPORT_ROWS = """
            unnest(cast(:fp as text[]), cast(:kind as text[]), cast(:vuln as text[]),
                cast(:rule as text[]), cast(:pkg as text[]), cast(:installed as text[]), cast(:fixed as text[]),
                cast(:path as text[]), cast(:purl as text[]), cast(:target as text[]), cast(:location as text[]),
                cast(:evidence as text[]), cast(:title as text[]), cast(:severity as text[]), cast(:occurrences as int[]),
                cast(:projects as bigint[]), cast(:namespaces as text[]), cast(:resourceKinds as text[]),
                cast(:resourceNames as text[]))
                as s(fingerprint, kind, vulnerability_id, rule_id, package_name, installed_version, fixed_version,
                     package_path, purl, target, location, evidence, title, severity, occurrences,
                     project_id, namespace, resource_kind, resource_name)
            """;

    /**
     * Writes the findings (each fingerprint once) in statements of 5,000 rows: one statement compares
     * and upserts, as {@link FindingWriter#upsert} does for an image. A finding follows its namespace's
     * owner: the project it is written with replaces the one it had, unless the report is historical.
     */
    FindingWriter.Outcome upsert(Collection<Owned> findings, Target target) {
        FindingWriter.Outcome outcome = FindingWriter.Outcome.NONE;
        for (List<Owned> chunk : chunks(findings)) {
            outcome = outcome.plus(upsertChunk(chunk, target));
        }
        return outcome;
    }

    private FindingWriter.Outcome upsertChunk(List<Owned> rows, Target target) {
        Function<Owned, ParsedFinding> f = r -> r.finding().finding();
        return jdbc.sql("""
                with s as (select * from %s),
                upserted as (
                    insert into finding as f (cluster_id, project_id, namespace, resource_kind, resource_name, kind, fingerprint,
                        vulnerability_id, rule_id, package_name, installed_version, fixed_version, package_path, purl, target,
                        location, evidence, title, severity, occurrences, first_seen, last_seen, first_scan_id, last_scan_id, sla_due)
                    select :cluster, s.project_id, s.namespace, s.resource_kind, s.resource_name, s.kind, s.fingerprint,
                        s.vulnerability_id, s.rule_id, s.package_name, s.installed_version, s.fixed_version, s.package_path,
                        s.purl, s.target, s.location, s.evidence, s.title, s.severity, s.occurrences, :now, :now, :scan, :scan,
                        cast(:now as date) + cast(cast(:sla as jsonb) ->> s.severity as integer)
                    from s
                    on conflict (cluster_id, fingerprint) where cluster_id is not null do update set
                        project_id = case when :historical then f.project_id else excluded.project_id end,
                        %s
                ),
                reopened as (
                    insert into scan_change (scan_id, finding_id, change)
                    select :scan, prior.id, 'reopened'
                    from s join finding prior on prior.cluster_id = :cluster and prior.fingerprint = s.fingerprint
                    where prior.status = 'fixed' and not :historical
                )
                select count(*) filter (where prior.id is null) as new_findings,
                       count(*) filter (where prior.id is not null and (prior.status <> 'fixed' or :historical)) as unchanged,
                       0 as fixed,
                       count(*) filter (where prior.status = 'fixed' and not :historical) as reopened
                from s left join finding prior on prior.cluster_id = :cluster and prior.fingerprint = s.fingerprint
                """.formatted(REPORT_ROWS, FindingWriter.SEEN_AGAIN.strip()))
                .param("fp", column(rows, r -> f.apply(r).fingerprint()))
                .param("kind", column(rows, r -> f.apply(r).kind().name()))
                .param("vuln", column(rows, r -> f.apply(r).catalogId()))
                .param("rule", column(rows, r -> f.apply(r).ruleId()))
                .param("pkg", column(rows, r -> f.apply(r).packageName()))
                .param("installed", column(rows, r -> f.apply(r).installedVersion()))
                .param("fixed", column(rows, r -> f.apply(r).fixedVersion()))
                .param("path", column(rows, r -> f.apply(r).packagePath()))
                .param("purl", column(rows, r -> f.apply(r).purl()))
                .param("target", column(rows, r -> f.apply(r).target()))
                .param("location", column(rows, r -> f.apply(r).location()))
                .param("evidence", column(rows, r -> f.apply(r).evidence()))
                .param("title", column(rows, r -> f.apply(r).title()))
                .param("severity", column(rows, r -> f.apply(r).severity().name()))
                .param("occurrences", rows.stream().map(r -> f.apply(r).occurrences()).toArray(Integer[]::new))
                .param("projects", rows.stream().map(Owned::projectId).toArray(Long[]::new))
                .param("namespaces", column(rows, r -> r.finding().namespace()))
                .param("resourceKinds", column(rows, r -> r.finding().resourceKind()))
                .param("resourceNames", column(rows, r -> r.finding().resourceName()))
                .param("cluster", target.clusterId())
                .param("scan", target.scanId())
                .param("now", Timestamp.from(target.now()))
                .param("sla", json.writeValueAsString(target.slaDays()))
                .param("historical", target.historical())
                .query(FindingWriter.Outcome.class)
                .single();
    }

    /**
     * Closes what the report no longer shows: the cluster's findings its source (scanner + format)
     * saw last, within what the writer speaks for.
     */
    int closeMissing(Target target) {
        Set<Long> projects = target.writableProjects();
        return jdbc.sql("""
                with closed as (
                    update finding f set status = 'fixed', fixed_at = :now
                    from scan last, scan current
                    where current.id = :scan and last.id = f.last_scan_id
                      and last.scanner = current.scanner and last.report_format = current.report_format
                      and f.cluster_id = :cluster and f.status <> 'fixed' and f.last_scan_id <> :scan
                      and (:wholeCluster or f.project_id = any(:projects))
                    returning f.id)
                insert into scan_change (scan_id, finding_id, change) select :scan, id, 'fixed' from closed
                """)
                .param("now", Timestamp.from(target.now()))
                .param("cluster", target.clusterId())
                .param("scan", target.scanId())
                .param("wholeCluster", projects == null)
                .param("projects", projects == null ? new Long[0] : projects.toArray(Long[]::new))
                .update();
    }

    /** The projects the cluster's findings belong to now (their dashboards count them). */
    List<Long> projects(long clusterId) {
        return jdbc.sql("select distinct project_id from finding where cluster_id = :cluster and project_id is not null")
                .param("cluster", clusterId)
                .query(Long.class)
                .list();
    }
}
