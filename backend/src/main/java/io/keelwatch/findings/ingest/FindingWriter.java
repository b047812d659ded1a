package io.keelwatch.findings.ingest;

import static io.keelwatch.findings.ingest.SqlArrays.chunks;
import static io.keelwatch.findings.ingest.SqlArrays.column;

import io.keelwatch.findings.Severity;
import io.keelwatch.findings.ingest.report.ParsedFinding;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.json.JsonMapper;

/**
 * Set-based writes of one image's findings in an import: the report's rows travel as a few arrays
 * and a handful of statements compare, upsert and close findings for the whole report at once.
 * Runs inside the import's transaction; the catalog they refer to is {@link CatalogWriter}'s.
 */
@Repository
class FindingWriter {

    private final JdbcClient jdbc;
    private final JsonMapper json;

    FindingWriter(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    record Outcome(int newFindings, int unchanged, int fixed, int reopened) {

        static final Outcome NONE = new Outcome(0, 0, 0, 0);

        Outcome plus(Outcome other) {
            return new Outcome(newFindings + other.newFindings, unchanged + other.unchanged, fixed + other.fixed,
                    reopened + other.reopened);
        }

        Outcome withFixed(int closed) {
            return new Outcome(newFindings, unchanged, closed, reopened);
        }
    }

    /**
     * Where an import's findings go, and how: a historical report neither reopens nor closes anything.
     *
     * @param source the report's source, {@code scanner/format} ({@code trivy/sarif}): what
     *               {@code finding.reported_by} lists and what the import's silence speaks for
     */
    record Target(long imageId, long projectId, long scanId, String source, Instant now, boolean historical,
            Map<Severity, Integer> slaDays) {

        static String source(String scanner, String format) {
            return scanner + "/" + format;
        }
    }

    /** Whether the project has any finding of the image yet; if not, every row of an import is new. */
    boolean hasFindings(long projectId, long imageId) {
        return jdbc.sql("select exists (select 1 from finding where project_id = :project and image_id = :image)")
                .param("project", projectId)
                .param("image", imageId)
                .query(Boolean.class)
                .single();
    }

    private static final String REPORT_ROWS = """
            unnest(cast(:fp as text[]), cast(:kind as text[]), cast(:vuln as text[]),
                cast(:rule as text[]), cast(:pkg as text[]), cast(:installed as text[]), cast(:fixed as text[]),
                cast(:path as text[]), cast(:purl as text[]), cast(:target as text[]), cast(:location as text[]),
                cast(:evidence as text[]), cast(:title as text[]), cast(:severity as text[]), cast(:occurrences as int[]))
                as s(fingerprint, kind, vulnerability_id, rule_id, package_name, installed_version, fixed_version,
                     package_path, purl, target, location, evidence, title, severity, occurrences)
            """;

    /**
     * What a finding seen again takes from the report (an image's and a cluster's alike): last seen,
     * the newest scan, the scanner's current facts, and a fixed one reopens, unless the report is
     * historical (older than the newest scan), which only adds that it was seen.
     */
    static final String SEEN_AGAIN = """
                        last_seen = greatest(f.last_seen, excluded.last_seen),
                        last_scan_id = case when :historical then f.last_scan_id else excluded.last_scan_id end,
                        fixed_version = excluded.fixed_version, severity = excluded.severity, title = excluded.title,
                        location = excluded.location, evidence = excluded.evidence, occurrences = excluded.occurrences,
                        status = case when f.status = 'fixed' and not :historical then 'open' else f.status end,
                        fixed_at = case when f.status = 'fixed' and not :historical then null else f.fixed_at end,
                        reopened_count = f.reopened_count + case when f.status = 'fixed' and not :historical then 1 else 0 end""";

    private static final String INSERT_FINDINGS = """
            insert into finding as f (image_id, project_id, kind, fingerprint, vulnerability_id, rule_id, package_name,
                installed_version, fixed_version, package_path, purl, target, location, evidence, title, severity,
                occurrences, first_seen, last_seen, first_scan_id, last_scan_id, sla_due, reported_by)
            select :image, :project, s.kind, s.fingerprint, s.vulnerability_id, s.rule_id, s.package_name,
                s.installed_version, s.fixed_version, s.package_path, s.purl, s.target, s.location, s.evidence, s.title,
                s.severity, s.occurrences, :now, :now, :scan, :scan,
                cast(:now as date) + cast(cast(:sla as jsonb) ->> s.severity as integer), array[cast(:source as text)]
            """;

    /**
     * The sources reporting an image's finding: a fixed one seen again is reported by this source
     * alone; an open one gains it. A historical report is old evidence: it names no source that reports
     * the finding now.
     */
    private static final String REPORTED_BY = """
                        reported_by = case when :historical then f.reported_by
                                           when f.status = 'fixed' then array[cast(:source as text)]
                                           when cast(:source as text) = any(f.reported_by) then f.reported_by
                                           else f.reported_by || cast(:source as text) end""";

    /**
     * Writes findings of a report (each fingerprint once per report), 5,000 rows a statement. For an
     * image the project has no findings of yet, every row is new: a plain insert, nothing to compare.
     * Otherwise one statement compares and upserts: every part of a WITH query sees the same
     * snapshot, so the final join reads the findings as they were before {@code upserted} writes
     * them. A historical report (older than the image's newest scan) adds what it shows but
     * neither reopens nor closes anything, so uploading an old report late cannot undo newer evidence.
     * The findings a scan reopens or closes are recorded in {@code scan_change} by the same statements
     * (the scan history reads them); new ones need no row, {@code first_scan_id} names their scan.
     */
    Outcome upsert(Collection<ParsedFinding> findings, Target target, boolean firstOfImage) {
        Outcome outcome = Outcome.NONE;
        for (List<ParsedFinding> chunk : chunks(findings)) {
            outcome = outcome.plus(upsertChunk(chunk, target, firstOfImage));
        }
        return outcome;
    }

    private Outcome upsertChunk(List<ParsedFinding> rows, Target target, boolean firstOfImage) {
        if (firstOfImage) {
            int inserted = bindRows(jdbc.sql(INSERT_FINDINGS + " from " + REPORT_ROWS), rows, target).update();
            return new Outcome(inserted, 0, 0, 0);
        }
        return bindRows(jdbc.sql("with s as (select * from " + REPORT_ROWS + "), upserted as (" + INSERT_FINDINGS + """
                    from s
                    on conflict (project_id, image_id, fingerprint) do update set
                """ + REPORTED_BY + ",\n" + SEEN_AGAIN + """
                ),
                reopened as (
                    insert into scan_change (scan_id, finding_id, change)
                    select :scan, prior.id, 'reopened'
                    from s join finding prior
                      on prior.project_id = :project and prior.image_id = :image and prior.fingerprint = s.fingerprint
                    where prior.status = 'fixed' and not :historical
                )
                select count(*) filter (where prior.id is null) as new_findings,
                       count(*) filter (where prior.id is not null and (prior.status <> 'fixed' or :historical)) as unchanged,
                       0 as fixed,
                       count(*) filter (where prior.status = 'fixed' and not :historical) as reopened
                from s left join finding prior
                  on prior.project_id = :project and prior.image_id = :image and prior.fingerprint = s.fingerprint
                """), rows, target)
                .query(Outcome.class)
                .single();
    }

    private JdbcClient.StatementSpec bindRows(JdbcClient.StatementSpec statement, List<ParsedFinding> rows, Target target) {
        return statement
                .param("fp", column(rows, ParsedFinding::fingerprint))
                .param("kind", column(rows, f -> f.kind().name()))
                .param("vuln", column(rows, ParsedFinding::catalogId))
                .param("rule", column(rows, ParsedFinding::ruleId))
                .param("pkg", column(rows, ParsedFinding::packageName))
                .param("installed", column(rows, ParsedFinding::installedVersion))
                .param("fixed", column(rows, ParsedFinding::fixedVersion))
                .param("path", column(rows, ParsedFinding::packagePath))
                .param("purl", column(rows, ParsedFinding::purl))
                .param("target", column(rows, ParsedFinding::target))
                .param("location", column(rows, ParsedFinding::location))
                .param("evidence", column(rows, ParsedFinding::evidence))
                .param("title", column(rows, ParsedFinding::title))
                .param("severity", column(rows, f -> f.severity().name()))
                .param("occurrences", rows.stream().map(ParsedFinding::occurrences).toArray(Integer[]::new))
                .param("image", target.imageId())
                .param("project", target.projectId())
                .param("scan", target.scanId())
                .param("source", target.source())
                .param("historical", target.historical())
                .param("now", Timestamp.from(target.now()))
                .param("sla", json.writeValueAsString(target.slaDays()));
    }

    /**
     * A fingerprint met again after its batch was written (duplicates are rarely adjacent in a
     * report): count the occurrences and keep what folding would have kept, the more severe
     * severity compared by {@link Severity#rank()}.
     */
    void addDuplicates(Collection<ParsedFinding> duplicates, Target target) {
        if (duplicates.isEmpty()) {
            return;
        }
        List<ParsedFinding> rows = List.copyOf(duplicates);
        jdbc.sql("""
                update finding f set occurrences = f.occurrences + d.occurrences,
                       fixed_version = coalesce(f.fixed_version, d.fixed_version),
                       severity = case when d.severity_rank < f.severity_rank then d.severity else f.severity end
                from unnest(cast(:fp as text[]), cast(:occurrences as int[]), cast(:fixed as text[]), cast(:severity as text[]),
                            cast(:rank as int[]))
                     as d(fingerprint, occurrences, fixed_version, severity, severity_rank)
                where f.project_id = :project and f.image_id = :image and f.fingerprint = d.fingerprint
                """)
                .param("fp", column(rows, ParsedFinding::fingerprint))
                .param("occurrences", rows.stream().map(ParsedFinding::occurrences).toArray(Integer[]::new))
                .param("fixed", column(rows, ParsedFinding::fixedVersion))
                .param("severity", column(rows, f -> f.severity().name()))
                .param("rank", rows.stream().map(f -> f.severity().rank()).toArray(Integer[]::new))
                .param("project", target.projectId())
                .param("image", target.imageId())
                .update();
    }

    /**
     * Applies the report's silence to what its source (scanner + format) reported: the source no longer
     * reports the image's findings it was reporting and this report does not show; a finding no source
     * reports any more is fixed. A finding another source reported is no business of this report's: a
     * Grype report says nothing about what only Trivy reports, and Trivy's SARIF dropping a finding
     * its JSON still shows leaves it open. One statement over the image's finding rows; the sources
     * are on the row, so nothing is joined per finding.
     */
    int closeMissing(Target target) {
        return jdbc.sql("""
                with silent as (
                    update finding f set reported_by = array_remove(f.reported_by, cast(:source as text)),
                           status = case when f.reported_by = array[cast(:source as text)] then 'fixed' else f.status end,
                           fixed_at = case when f.reported_by = array[cast(:source as text)] then :now else f.fixed_at end
                    where f.project_id = :project and f.image_id = :image and f.status <> 'fixed' and f.last_scan_id <> :scan
                      and cast(:source as text) = any(f.reported_by)
                    returning f.id, f.status)
                insert into scan_change (scan_id, finding_id, change) select :scan, id, 'fixed' from silent where status = 'fixed'
                """)
                .param("source", target.source())
                .param("now", Timestamp.from(target.now()))
                .param("project", target.projectId())
                .param("image", target.imageId())
                .param("scan", target.scanId())
                .update();
    }
}
