package io.keelwatch.findings.history;

import io.keelwatch.access.Viewer;
import io.keelwatch.findings.ChangedFinding;
import io.keelwatch.findings.ScanChange;
import io.keelwatch.findings.ScannedImage;
import io.keelwatch.access.TeamScope;
import io.keelwatch.findings.list.FindingQueries;
import io.keelwatch.platform.Page;
import io.keelwatch.platform.PageRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Reads behind the scan history: an image as a project scans it, and what one scan changed. Like
 * {@link FindingQueries}, every statement takes the viewer's teams, so another team's image or scan
 * is simply not found.
 */
@Repository
public class ScanHistoryQueries {

    private static final String VISIBLE = TeamScope.PROJECTS;

    private final JdbcClient jdbc;

    ScanHistoryQueries(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The image, if the project (visible to the viewer) has scanned it at least once. */
    /** The slug of the project the caller sees that imported the image's newest scan, if any. */
    public Optional<String> newestProjectOf(long imageId, Viewer viewer) {
        return jdbc.sql("select p.slug from scan s join project p on p.id = s.project_id where s.image_id = :image and " + VISIBLE
                        + " order by s.imported_at desc, s.id desc limit 1")
                .params(TeamScope.of(viewer).params())
                .param("image", imageId)
                .query(String.class)
                .optional();
    }

    public Optional<ScannedImage> image(long imageId, String project, Viewer viewer) {
        Map<String, Object> params = TeamScope.of(viewer).params();
        params.put("image", imageId);
        params.put("project", project);
        return jdbc.sql("""
                select i.id, i.repository, i.digest, i.artifact_type, p.slug as project, p.name as project_name
                from image i
                join project p on p.slug = :project
                where i.id = :image and %s
                  and exists (select 1 from scan s where s.image_id = i.id and s.project_id = p.id)
                """.formatted(VISIBLE))
                .params(params)
                .query(ScannedImage.class)
                .optional();
    }

    /**
     * The findings a scan introduced, fixed or reopened ({@code change}; null: all three), grouped by
     * change and most severe first. New ones are found by {@code first_scan_id} among the image's
     * findings in the project (the unique index's prefix) or the cluster's (a cluster scan's), the
     * others in {@code scan_change}. A cluster's own findings of no team are visible to those who see every team.
     */
    public Page<ChangedFinding> changes(long scanId, ScanChange change, PageRequest page, Viewer viewer) {
        Map<String, Object> params = TeamScope.of(viewer).params();
        params.put("scan", scanId);
        List<String> parts = new ArrayList<>();
        if (change == null || change == ScanChange.NEW) {
            parts.add("""
                    select f.id as finding_id, 'new' as change
                    from scan s join finding f on f.project_id = s.project_id and f.image_id = s.image_id and f.first_scan_id = s.id
                    where s.id = :scan
                    union all
                    select f.id as finding_id, 'new' as change
                    from scan s join finding f on f.cluster_id = s.cluster_id and f.first_scan_id = s.id
                    where s.id = :scan""");
        }
        Set<ScanChange> recorded = change == null ? Set.of(ScanChange.FIXED, ScanChange.REOPENED)
                : change == ScanChange.NEW ? Set.of() : Set.of(change);
        if (!recorded.isEmpty()) {
            parts.add("select c.finding_id, c.change from scan_change c where c.scan_id = :scan and c.change = any(:recorded)");
            params.put("recorded", recorded.stream().map(ScanChange::parameter).toArray(String[]::new));
        }
        String changed = "(" + String.join("\nunion all\n", parts) + ") c\n"
                + "join finding f on f.id = c.finding_id\nleft join project p on p.id = f.project_id\n";
        long total = jdbc.sql("select count(*) from " + changed + "where " + VISIBLE)
                .params(params)
                .query(Long.class)
                .single();
        params.put("limit", page.size());
        params.put("offset", page.offset());
        List<ChangedFinding> rows = jdbc.sql("""
                select f.id, c.change, f.kind, f.rule_id, f.package_name, f.installed_version, f.fixed_version, f.severity,
                       f.status, coalesce(f.title, v.title) as title
                from %s
                left join vulnerability v on v.team_id = p.team_id and v.id = f.vulnerability_id
                where %s
                order by case c.change when 'new' then 0 when 'reopened' then 1 else 2 end, f.severity_rank, f.id
                limit :limit offset :offset
                """.formatted(changed, VISIBLE))
                .params(params)
                .query(ChangedFinding.class)
                .list();
        return new Page<>(rows, page.page(), page.size(), total);
    }
}
