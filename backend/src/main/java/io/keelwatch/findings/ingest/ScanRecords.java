package io.keelwatch.findings.ingest;

import io.keelwatch.findings.Severity;
import io.keelwatch.findings.ingest.report.ReportFormat;
import io.keelwatch.findings.list.FindingQueries;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.json.JsonMapper;

/** The scan table: one row per imported report, with the report itself kept compressed. */
@Repository
public class ScanRecords {

    /**
     * A scan row is inserted before its report is fully received; {@link #complete} gives it the report's hash, size and bytes.
     * Its subject is an image of a project, or a cluster (both ids of the other null).
     */
    record NewScan(Long imageId, Long projectId, Long clusterId, Long[] clusterTeams, String scanner, String scannerVersion, ReportFormat format,
            String artifactName, Instant reportCreatedAt, Instant importedAt, String importedBy) {
    }

    private final JdbcClient jdbc;
    private final JsonMapper json;

    ScanRecords(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    record ImportedReport(long scanId, int findingsTotal) {
    }

    /**
     * Where a scan's original report is: its own compressed bytes, or (for the second and later
     * images of one cluster report) the scan of the same import that holds them.
     */
    public record StoredReport(String sha256, long size, byte[] gzip, Long heldByScan) {

        public static StoredReport of(SpooledReport report) {
            return new StoredReport(report.sha256(), report.rawSize(), report.gzipBytes(), null);
        }

        static StoredReport heldBy(long scanId, SpooledReport report) {
            return new StoredReport(report.sha256(), report.rawSize(), null, scanId);
        }
    }

    /**
     * Whether the project has imported any report of this image: if not, no earlier report can be
     * byte-identical to one of it, and the import need not wait for the upload's hash to write.
     */
    boolean hasScanOf(long projectId, long imageId) {
        return jdbc.sql("select exists (select 1 from scan where project_id = :project and image_id = :image)")
                .param("project", projectId)
                .param("image", imageId)
                .query(Boolean.class)
                .single();
    }

    /** The scan that imported exactly these bytes into the project for this image before (the scan's unique key). */
    Optional<ImportedReport> findSameReport(long projectId, long imageId, String sha256) {
        return jdbc.sql("""
                select id as scan_id, findings_total from scan
                where project_id = :project and image_id = :image and report_sha256 = :sha
                """)
                .param("project", projectId)
                .param("image", imageId)
                .param("sha", sha256)
                .query(ImportedReport.class)
                .optional();
    }

    /**
     * Whether a report made at {@code reportTime} is older than the newest one the project has for
     * the image from the same source (scanner and format): each source speaks only for itself.
     */
    boolean isOlderThanNewest(long projectId, long imageId, String scanner, ReportFormat format, Instant reportTime) {
        return jdbc.sql("""
                select coalesce(max(coalesce(report_created_at, imported_at)) > :time, false)
                from scan where project_id = :project and image_id = :image and scanner = :scanner and report_format = :format
                """)
                .param("project", projectId)
                .param("image", imageId)
                .param("scanner", scanner)
                .param("format", format.id())
                .param("time", Timestamp.from(reportTime))
                .query(Boolean.class)
                .single();
    }

    /**
     * Imports of one cluster's own findings take turns until commit (a lock on no row: a cluster
     * belongs to the inventory, whose rows the findings module does not lock).
     */
    void lockCluster(long clusterId) {
        jdbc.sql("select pg_advisory_xact_lock(hashtext('keelwatch.cluster-scan'), cast(:cluster as integer))")
                .param("cluster", clusterId)
                .query((rs, n) -> 1)
                .list();
    }

    /**
     * The scan that imported exactly these bytes for the cluster before, speaking for the whole cluster
     * or for the same teams' namespaces ({@code teams}, sorted; null: the whole cluster), if any.
     */
    Optional<ImportedReport> findSameClusterReport(long clusterId, Long[] teams, String sha256) {
        return jdbc.sql("""
                select id as scan_id, findings_total from scan
                where cluster_id = :cluster and report_sha256 = :sha
                  and (cluster_teams is null or cluster_teams = cast(:teams as bigint[]))
                order by id limit 1
                """)
                .param("cluster", clusterId)
                .param("teams", teams)
                .param("sha", sha256)
                .query(ImportedReport.class)
                .optional();
    }

    /** {@link #isOlderThanNewest} for a cluster's own scans. */
    boolean isOlderThanNewestOfCluster(long clusterId, String scanner, ReportFormat format, Instant reportTime) {
        return jdbc.sql("""
                select coalesce(max(coalesce(report_created_at, imported_at)) > :time, false)
                from scan where cluster_id = :cluster and scanner = :scanner and report_format = :format
                """)
                .param("cluster", clusterId)
                .param("scanner", scanner)
                .param("format", format.id())
                .param("time", Timestamp.from(reportTime))
                .query(Boolean.class)
                .single();
    }

    /** The same bytes were sent again: what that scan showed was seen again now (see {@link FindingQueries#LAST_SEEN}). */
    void resent(long scanId, Instant now) {
        jdbc.sql("update scan set last_resent_at = greatest(last_resent_at, :now) where id = :id")
                .param("now", Timestamp.from(now))
                .param("id", scanId)
                .update();
    }

    long insert(NewScan scan) {
        return jdbc.sql("""
                insert into scan (image_id, project_id, cluster_id, cluster_teams, scanner, scanner_version, report_format, artifact_name,
                                  report_created_at, imported_at, imported_by, report_sha256, report_size, report_gzip)
                values (:image, :project, :cluster, cast(:clusterTeams as bigint[]), :scanner, :version, :format, :artifact, :created, :imported, :by, 'pending', 0, '\\x')
                returning id
                """)
                .param("image", scan.imageId())
                .param("project", scan.projectId())
                .param("cluster", scan.clusterId())
                .param("clusterTeams", scan.clusterTeams())
                .param("scanner", scan.scanner())
                .param("version", scan.scannerVersion())
                .param("format", scan.format().id())
                .param("artifact", scan.artifactName())
                .param("created", scan.reportCreatedAt() == null ? null : Timestamp.from(scan.reportCreatedAt()))
                .param("imported", Timestamp.from(scan.importedAt()))
                .param("by", scan.importedBy())
                .query(Long.class)
                .single();
    }

    /**
     * Completes a scan row with what the import found and the report itself, compressed in the
     * background while the findings were written (so the row is first inserted without it).
     */
    void complete(long scanId, int total, FindingWriter.Outcome outcome, Map<Severity, Integer> bySeverity, StoredReport report) {
        jdbc.sql("""
                update scan set report_sha256 = :sha, report_size = :size, report_gzip = :gzip, report_scan_id = :heldBy,
                                findings_total = :total, findings_new = :new,
                                findings_unchanged = :unchanged, findings_fixed = :fixed, findings_reopened = :reopened,
                                severity_counts = cast(:severities as jsonb)
                where id = :id
                """)
                .param("id", scanId)
                .param("total", total)
                .param("new", outcome.newFindings())
                .param("unchanged", outcome.unchanged())
                .param("fixed", outcome.fixed())
                .param("reopened", outcome.reopened())
                .param("severities", json.writeValueAsString(bySeverity))
                .param("sha", report.sha256())
                .param("size", report.size())
                .param("gzip", report.gzip())
                .param("heldBy", report.heldByScan())
                .update();
    }
}
