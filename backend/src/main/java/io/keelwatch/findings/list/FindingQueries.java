package io.keelwatch.findings.list;

import io.keelwatch.access.TeamScope;
import io.keelwatch.access.Viewer;
import io.keelwatch.inventory.InventoryService;
import io.keelwatch.findings.FindingDetail;
import io.keelwatch.findings.FindingFilter;
import io.keelwatch.findings.FindingKind;
import io.keelwatch.findings.FindingSort;
import io.keelwatch.findings.FindingStatus;
import io.keelwatch.findings.FindingSummary;
import io.keelwatch.findings.OpenFindingCounts;
import io.keelwatch.findings.Severity;
import io.keelwatch.platform.Page;
import io.keelwatch.platform.PageRequest;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Reads for lists, details and dashboards. Every statement takes the viewer's visible teams as
 * a parameter: visibility is part of the query, never a filter applied afterwards.
 */
@Repository
public class FindingQueries {

    private static final String VISIBLE = TeamScope.PROJECTS;
    /** A finding's last seen: a re-sent identical report touches only its scan (see V10), so the later of the two. */
    public static final String LAST_SEEN = "greatest(f.last_seen, ls.last_resent_at)";
    public static final String JOIN_LAST_SCAN = "join scan ls on ls.id = f.last_scan_id";
    private static final String IN_VISIBLE_PROJECTS = "f.project_id = any(:visibleProjects)";
    /** Beyond this many matches a list reports "more than" instead of counting every row. */
    static final int COUNT_LIMIT = 10_000;

    private final JdbcClient jdbc;
    private final InventoryService inventory;

    FindingQueries(JdbcClient jdbc, InventoryService inventory) {
        this.jdbc = jdbc;
        this.inventory = inventory;
    }

    private static final String SUMMARY_COLUMNS = """
            f.id, f.kind, f.rule_id, f.package_name, f.installed_version, f.fixed_version, f.severity, f.status,
            f.title, p.slug as project, p.name as project_name, f.image_id, i.repository as image_repository,
            i.digest as image_digest, c.name as cluster, f.namespace, f.resource_kind, f.resource_name,
            (select string_agg(t.tag, ', ' order by t.last_seen desc)
             from (select tag, last_seen from image_tag_observation t where t.image_id = f.image_id
                   order by last_seen desc limit 3) t) as image_tags,
            f.first_seen, %s as last_seen, f.sla_due,
            (select u.username from app_user u where u.id = f.assignee_id) as assignee, f.exception_id
            """.formatted(LAST_SEEN);

    /** Open and in-progress findings per image and severity, through {@code finding_image_idx}, in the caller's projects. */
    public Map<Long, OpenFindingCounts> openBySeverity(Collection<Long> imageIds, Viewer viewer) {
        if (imageIds.isEmpty()) {
            return Map.of();
        }
        Map<String, Object> params = new HashMap<>();
        params.put("images", imageIds.stream().distinct().toArray(Long[]::new));
        Map<Long, Map<Severity, Long>> counts = new LinkedHashMap<>();
        jdbc.sql("""
                        select f.image_id, f.severity, count(*) as open
                        from finding f
                        where f.image_id = any(:images) and f.status in ('open', 'in_progress') and %s
                        group by f.image_id, f.severity""".formatted(visibleFindings(viewer, params)))
                .params(params)
                .query(rs -> {
                    counts.computeIfAbsent(rs.getLong("image_id"), id -> new EnumMap<>(Severity.class))
                            .put(Severity.valueOf(rs.getString("severity")), rs.getLong("open"));
                });
        Map<Long, OpenFindingCounts> result = new LinkedHashMap<>();
        counts.forEach((id, bySeverity) -> result.put(id, new OpenFindingCounts(id, bySeverity)));
        return result;
    }

    /**
     * The matching findings of each project a team-limited caller sees, each project read from its
     * own range of an index: with {@code project_id = any(array)} PostgreSQL 15 cannot use an
     * index's order, and it misjudges a project whose findings arrived after the last ANALYZE
     * (measured: 150 ms for a developer's first page among a million findings).
     */
    private static String perVisibleProject(String where, String orderBy, String limit) {
        return """
                unnest(cast(:visibleProjects as bigint[])) vp(id)
                cross join lateral (
                    select f.id, f.severity_rank, f.first_seen from finding f
                    left join project p on p.id = f.project_id
                    left join image i on i.id = f.image_id left join cluster c on c.id = f.cluster_id
                    where f.project_id = vp.id and %s
                    %s
                    limit %s) f
                """.formatted(where, orderBy, limit);
    }

    public Page<FindingSummary> list(FindingFilter filter, FindingSort sort, PageRequest page, Viewer viewer) {
        Map<String, Object> params = new HashMap<>();
        String where = where(filter, viewer, params) + runningIn(filter, viewer, params);
        boolean perProject = !viewer.allTeams();
        params.put("countLimit", COUNT_LIMIT + 1);
        params.put("limit", page.size());
        params.put("offset", page.offset());
        long total;
        List<FindingSummary> rows;
        if (perProject) {
            params.put("visibleProjects", visibleProjects(viewer));
            total = count("select 1 from " + perVisibleProject(where, "", ":countLimit"), params);
        } else {
            total = count("select 1 from finding f left join project p on p.id = f.project_id"
                    + " left join image i on i.id = f.image_id left join cluster c on c.id = f.cluster_id"
                    + " where " + where, params);
        }
        if (perProject && sort.followsProjectListIndex()) {
            params.put("window", page.offset() + page.size());
            rows = jdbc.sql("""
                    select %s
                    from (select f.id from %s order by %s limit :limit offset :offset) matching
                    join finding f on f.id = matching.id
                    left join project p on p.id = f.project_id
                    left join image i on i.id = f.image_id left join cluster c on c.id = f.cluster_id
                    %s
                    order by %s
                    """.formatted(SUMMARY_COLUMNS, perVisibleProject(where, "order by " + sort.orderBy(), ":window"),
                            sort.orderBy(), JOIN_LAST_SCAN, sort.orderBy()))
                    .params(params)
                    .query(FindingSummary.class)
                    .list();
        } else {
            rows = jdbc.sql("""
                    select %s
                    from finding f
                    left join project p on p.id = f.project_id
                    left join image i on i.id = f.image_id left join cluster c on c.id = f.cluster_id
                    %s
                    where %s and %s
                    order by %s
                    limit :limit offset :offset
                    """.formatted(SUMMARY_COLUMNS, JOIN_LAST_SCAN, perProject ? IN_VISIBLE_PROJECTS : "true", where,
                            sort.orderBy()))
                    .params(params)
                    .query(FindingSummary.class)
                    .list();
        }
        return total > COUNT_LIMIT
                ? new Page<>(rows, page.page(), page.size(), COUNT_LIMIT, false)
                : new Page<>(rows, page.page(), page.size(), total);
    }

    /**
     * Every finding the viewer sees that matches, in the list's order and with the list's columns,
     * handed over one at a time from a server-side cursor: call it inside a read-only transaction,
     * where PostgreSQL honours the fetch size, so a million rows never sit in memory.
     */
    void forEachMatching(FindingFilter filter, FindingSort sort, Viewer viewer, Consumer<FindingSummary> action) {
        Map<String, Object> params = new HashMap<>();
        String where = condition(filter, viewer, params);
        try (Stream<FindingSummary> rows = jdbc.sql("""
                        select %s
                        from finding f
                        left join project p on p.id = f.project_id
                        left join image i on i.id = f.image_id left join cluster c on c.id = f.cluster_id
                        %s
                        where %s
                        order by %s
                        """.formatted(SUMMARY_COLUMNS, JOIN_LAST_SCAN, where, sort.orderBy()))
                .params(params)
                .withFetchSize(1_000)
                .query(FindingSummary.class)
                .stream()) {
            rows.forEach(action);
        }
    }

    /** Counts matches of {@code matching} (a select of them) up to {@link #COUNT_LIMIT} + 1. */
    private long count(String matching, Map<String, Object> params) {
        return jdbc.sql("select count(*) from (" + matching + " limit :countLimit) matches")
                .params(params)
                .query(Long.class)
                .single();
    }

    public Optional<FindingDetail> detail(long id, Viewer viewer) {
        Map<String, Object> params = TeamScope.of(viewer).params();
        params.put("id", id);
        return jdbc.sql("""
                select f.id, f.kind, f.rule_id, f.package_name, f.installed_version, f.fixed_version, f.package_path, f.purl,
                       f.target, f.location, f.evidence, f.severity, f.status, coalesce(f.title, v.title) as title,
                       v.description, v.cvss_score, v.primary_url, v.reference_urls, f.occurrences, f.reopened_count,
                       p.slug as project, f.image_id, i.repository as image_repository, i.digest as image_digest,
                       c.name as cluster, f.namespace, f.resource_kind, f.resource_name, f.first_seen,
                       %s as last_seen, f.fixed_at, f.sla_due, f.first_scan_id, f.last_scan_id,
                       array(select source from (
                                 select split_part(r, '/', 1) || ' (' || case when split_part(r, '/', 2) in ('trivy', 'grype')
                                        then 'json' else split_part(r, '/', 2) end || ')' as source
                                 from unnest(f.reported_by) as r) sources order by source) as reported_by,
                       u.username as assignee, f.exception_id
                from finding f
                left join app_user u on u.id = f.assignee_id
                left join project p on p.id = f.project_id
                left join image i on i.id = f.image_id left join cluster c on c.id = f.cluster_id
                %s
                left join vulnerability v on v.team_id = p.team_id and v.id = f.vulnerability_id
                where f.id = :id and %s
                """.formatted(LAST_SEEN, JOIN_LAST_SCAN, VISIBLE))
                .params(params)
                .query(FindingQueries::detailRow)
                .optional();
    }







    /**
     * The findings a viewer sees that match a filter, as a condition on {@code f} (finding),
     * {@code p} (project, left-joined: a cluster finding may have none) and {@code i} (image, left-joined:
     * a cluster finding has none); its parameters go into {@code params}. Shared by
     * the list, the CSV export and bulk triage, so all three select the same rows.
     */
    public String condition(FindingFilter filter, Viewer viewer, Map<String, Object> params) {
        return visibleFindings(viewer, params) + " and " + where(filter, viewer, params) + runningIn(filter, viewer, params);
    }

    /**
     * Findings of images running in the filter's environment now, in the workloads the caller sees: the
     * inventory names those images (one statement), which then narrow the findings by image.
     */
    private String runningIn(FindingFilter filter, Viewer viewer, Map<String, Object> params) {
        if (filter.runningIn() == null) {
            return "";
        }
        params.put("runningImages", inventory.imagesRunningIn(filter.runningIn(), viewer).toArray(Long[]::new));
        return " and f.image_id = any(:runningImages)";
    }

    /**
     * The filters people reach for: assigned to me (or nobody, or someone), a team, what the latest
     * scan of each image brought, an image tag. Each is a condition on the finding's own row or one
     * index probe per row (the image's newest scan through {@code scan_image_idx}, its tags through
     * the tag table's primary key), so a page stays one statement. A team narrows what the caller
     * sees; it never widens it (visibility is {@link #visibleFindings}).
     */
    private static String peopleFilters(FindingFilter filter, Viewer viewer, Map<String, Object> params) {
        List<String> clauses = new ArrayList<>();
        clauses.add("true");
        if (FindingFilter.ME.equalsIgnoreCase(String.valueOf(filter.assignee()))) {
            clauses.add("f.assignee_id = :me");
            params.put("me", viewer.userId());
        } else if (FindingFilter.NOBODY.equalsIgnoreCase(String.valueOf(filter.assignee()))) {
            clauses.add("f.assignee_id is null");
        } else if (filter.assignee() != null) {
            clauses.add("f.assignee_id = (select u.id from app_user u where u.username = :assignee)");
            params.put("assignee", filter.assignee());
        }
        if (filter.team() != null) {
            clauses.add("p.team_id = (select t.id from team t where t.slug = :team)");
            params.put("team", filter.team());
        }
        if (filter.newSinceLastScan()) {
            clauses.add("""
                    f.first_scan_id = (select s.id from scan s where s.image_id = f.image_id and s.project_id = f.project_id
                                       order by s.imported_at desc, s.id desc limit 1)""");
        }
        if (filter.tag() != null) {
            // Tags are kept without their repository; "repo:1.4.2" also names the repository.
            String tag = filter.tag();
            int colon = tag.lastIndexOf(':');
            if (colon > tag.lastIndexOf('/') && colon > 0) {
                clauses.add("i.repository = :tagRepository");
                params.put("tagRepository", tag.substring(0, colon));
                tag = tag.substring(colon + 1);
            }
            clauses.add("exists (select 1 from image_tag_observation o where o.image_id = f.image_id and o.tag = :tag)");
            params.put("tag", tag);
        }
        return String.join(" and ", clauses);
    }

    /**
     * Visibility of findings as a condition on {@code f.project_id}, resolved to the viewer's
     * project ids first: the planner can then read just those projects through
     * {@code finding_project_list_idx} instead of walking every finding in severity order and
     * joining each to its team. Viewers of all teams get no condition at all.
     */
    private String visibleFindings(Viewer viewer, Map<String, Object> params) {
        if (viewer.allTeams()) {
            return "true";
        }
        params.put("visibleProjects", visibleProjects(viewer));
        return IN_VISIBLE_PROJECTS;
    }

    private Long[] visibleProjects(Viewer viewer) {
        return jdbc.sql("select p.id from project p where " + TeamScope.PROJECTS)
                .params(TeamScope.of(viewer).params())
                .query(Long.class)
                .list()
                .toArray(Long[]::new);
    }

    private static String where(FindingFilter filter, Viewer viewer, Map<String, Object> params) {
        List<String> clauses = new ArrayList<>();
        clauses.add(peopleFilters(filter, viewer, params));
        if (filter.project() != null) {
            clauses.add("p.slug = :project");
            params.put("project", filter.project());
        }
        if (filter.image() != null) {
            clauses.add(filter.image().contains(":") && filter.image().matches("[a-z0-9]+:[a-f0-9]+")
                    ? "i.digest = :image" : "i.repository = :image");
            params.put("image", filter.image());
        }
        if (filter.cluster() != null) {
            clauses.add("c.name = :cluster");
            params.put("cluster", filter.cluster());
        }
        if (!filter.severity().isEmpty()) {
            clauses.add("f.severity_rank = any(:severityRanks)");
            params.put("severityRanks", filter.severity().stream().map(Severity::rank).toArray(Integer[]::new));
        }
        if (!filter.status().isEmpty()) {
            clauses.add("f.status = any(:statuses)");
            params.put("statuses", filter.status().stream().map(Enum::name).toArray(String[]::new));
        }
        if (filter.kind() != null) {
            clauses.add("f.kind = :kind");
            params.put("kind", filter.kind().name());
        }
        if (filter.due() == FindingFilter.Due.breached) {
            // same predicate as finding_open_sla_idx, so the planner can use it
            clauses.add("f.sla_due < current_date and f.status in ('open', 'in_progress')");
        } else if (filter.due() == FindingFilter.Due.week) {
            clauses.add("f.sla_due >= current_date and f.sla_due <= current_date + 7 and f.status in ('open', 'in_progress')");
        }
        if (filter.fixAvailable() != null) {
            clauses.add(filter.fixAvailable() ? "coalesce(f.fixed_version, '') <> ''" : "coalesce(f.fixed_version, '') = ''");
        }
        if (filter.text() != null) {
            clauses.add("(f.rule_id ilike :text or f.package_name ilike :text or f.title ilike :text or f.target ilike :text"
                    + " or f.resource_name ilike :text)");
            params.put("text", "%" + filter.text().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%");
        }
        return String.join(" and ", clauses);
    }

    private static FindingDetail detailRow(ResultSet rs, int n) throws SQLException {
        Array references = rs.getArray("reference_urls");
        return new FindingDetail(rs.getLong("id"), FindingKind.valueOf(rs.getString("kind")), rs.getString("rule_id"),
                rs.getString("package_name"), rs.getString("installed_version"), rs.getString("fixed_version"),
                rs.getString("package_path"), rs.getString("purl"), rs.getString("target"), rs.getString("location"),
                rs.getString("evidence"), Severity.valueOf(rs.getString("severity")),
                FindingStatus.valueOf(rs.getString("status")), rs.getString("title"), rs.getString("description"),
                rs.getBigDecimal("cvss_score"), rs.getString("primary_url"),
                references == null ? List.of() : Arrays.asList((String[]) references.getArray()),
                rs.getInt("occurrences"), rs.getInt("reopened_count"), rs.getString("project"), rs.getObject("image_id", Long.class),
                rs.getString("image_repository"), rs.getString("image_digest"), rs.getString("cluster"), rs.getString("namespace"),
                rs.getString("resource_kind"), rs.getString("resource_name"),
                rs.getObject("first_seen", OffsetDateTime.class), rs.getObject("last_seen", OffsetDateTime.class),
                rs.getObject("fixed_at", OffsetDateTime.class), rs.getObject("sla_due", LocalDate.class),
                rs.getLong("first_scan_id"), rs.getLong("last_scan_id"),
                Arrays.asList((String[]) rs.getArray("reported_by").getArray()), rs.getString("assignee"),
                (Long) rs.getObject("exception_id", Long.class), List.of());
    }

}
