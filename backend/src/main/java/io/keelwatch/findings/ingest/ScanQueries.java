package io.keelwatch.findings.ingest;

import io.keelwatch.access.TeamScope;
import io.keelwatch.access.Viewer;
import io.keelwatch.findings.ScanSummary;
import io.keelwatch.platform.Page;
import io.keelwatch.platform.PageRequest;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** Reads of scans (the imports of reports), within the caller's {@link TeamScope}, newest import first. */
@Repository
public class ScanQueries {

    private static final String VISIBLE = TeamScope.PROJECTS;

    private final JdbcClient jdbc;
    private final JsonMapper json;

    ScanQueries(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    private static final String SCAN_SELECT = """
            select s.id, p.slug as project, s.image_id, i.repository as image_repository, i.digest as image_digest,
                   c.name as cluster, s.scanner,
                   s.scanner_version, s.report_format as format, s.imported_at, s.imported_by, s.report_created_at,
                   s.report_size, s.findings_total, s.findings_new, s.findings_unchanged, s.findings_fixed,
                   s.findings_reopened, s.severity_counts
            from scan s
            left join project p on p.id = s.project_id
            left join image i on i.id = s.image_id
            left join cluster c on c.id = s.cluster_id
            """;

    public Page<ScanSummary> scans(String project, PageRequest page, Viewer viewer) {
        Map<String, Object> params = TeamScope.of(viewer).params();
        String where = VISIBLE;
        if (project != null && !project.isBlank()) {
            where += " and p.slug = :project";
            params.put("project", project);
        }
        return scanPage(where, params, page);
    }

    /**
     * The scans of one image in one project, newest import first (the order their changes were
     * applied in), read through {@code scan_image_idx}.
     */
    public Page<ScanSummary> imageScans(long imageId, String project, PageRequest page, Viewer viewer) {
        Map<String, Object> params = TeamScope.of(viewer).params();
        params.put("image", imageId);
        params.put("project", project);
        String where = "s.image_id = :image and p.slug = :project and " + VISIBLE;
        return scanPage(where, params, page);
    }

    /** One page of the scans matching {@code where} (on {@code s} scan and {@code p} project), newest import first. */
    private Page<ScanSummary> scanPage(String where, Map<String, Object> params, PageRequest page) {
        long total = jdbc.sql("select count(*) from scan s left join project p on p.id = s.project_id where " + where)
                .params(params)
                .query(Long.class)
                .single();
        params.put("limit", page.size());
        params.put("offset", page.offset());
        List<ScanSummary> rows = jdbc.sql(SCAN_SELECT + " where " + where
                        + " order by s.imported_at desc, s.id desc limit :limit offset :offset")
                .params(params)
                .query(this::scanRow)
                .list();
        return new Page<>(rows, page.page(), page.size(), total);
    }

    public Optional<ScanSummary> scan(long id, Viewer viewer) {
        Map<String, Object> params = TeamScope.of(viewer).params();
        params.put("id", id);
        return jdbc.sql(SCAN_SELECT + " where s.id = :id and " + VISIBLE).params(params).query(this::scanRow).optional();
    }

    private ScanSummary scanRow(ResultSet rs, int n) throws SQLException {
        Map<String, Integer> severities = new LinkedHashMap<>(json.readValue(rs.getString("severity_counts"),
                new TypeReference<Map<String, Integer>>() { }));
        return new ScanSummary(rs.getLong("id"), rs.getString("project"), rs.getObject("image_id", Long.class),
                rs.getString("image_repository"), rs.getString("image_digest"), rs.getString("cluster"), rs.getString("scanner"), rs.getString("scanner_version"), rs.getString("format"),
                rs.getObject("imported_at", OffsetDateTime.class), rs.getString("imported_by"),
                rs.getObject("report_created_at", OffsetDateTime.class), rs.getLong("report_size"),
                rs.getInt("findings_total"), rs.getInt("findings_new"), rs.getInt("findings_unchanged"),
                rs.getInt("findings_fixed"), rs.getInt("findings_reopened"), severities);
    }
}
