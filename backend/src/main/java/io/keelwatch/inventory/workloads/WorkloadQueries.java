package io.keelwatch.inventory.workloads;

import io.keelwatch.access.TeamScope;
import io.keelwatch.access.Viewer;
import io.keelwatch.inventory.DriftKind;
import io.keelwatch.inventory.EnvironmentImage;
import io.keelwatch.inventory.ImagePlacement;
import io.keelwatch.inventory.ImageRef;
import io.keelwatch.inventory.NamespaceImages;
import io.keelwatch.inventory.RunningImage;
import io.keelwatch.inventory.rules.RepositoryGlobs;
import io.keelwatch.platform.PageRequest;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * What runs where, as the caller may see it: containers of workloads whose namespace belongs to a
 * project of the caller's teams ({@link TeamScope}); those of namespaces no rule maps only for callers
 * who see every team. Drift is computed here, one SQL condition per {@link DriftKind}.
 */
@Repository
class WorkloadQueries {

    /**
     * Falco's rules that say a container runs what its image does not hold: the default ruleset's
     * "Drop and execute new binary in container" and "Fileless execution via memfd_create", and the
     * sandbox ruleset's "Container Drift Detected" pair.
     */
    static final List<String> RUNTIME_DRIFT_RULES = List.of("Drop and execute new binary in container",
            "Fileless execution via memfd_create", "Container Drift Detected (chmod)", "Container Drift Detected (open+create)");

    /**
     * The newest alert of a drift rule on a pod of workload {@code w} since container {@code c} started, or
     * null. Runtime's alerts name the pod, not the workload: a workload's pods are named {@code <name>-…} (a
     * bare Pod: its name), so a pod belongs to the workload of its namespace with the longest name it
     * starts with ({@code api-worker-5d9c-x1} is {@code api-worker}'s, not {@code api}'s). A read of
     * runtime's {@code runtime_alert} in SQL: inventory cannot call runtime (runtime depends on inventory),
     * and the drift filter must stay one condition of this statement.
     */
    private static final String RUNTIME_DRIFT_ALERT = """
            (select ra.id from runtime_alert ra
             where ra.cluster_id = w.cluster_id and ra.namespace = w.namespace and ra.rule = any(:driftRules)
               and ra.last_seen >= c.first_seen and (ra.pod = w.name or ra.pod like w.name || '-%')
               and not exists (select 1 from workload w2 where w2.cluster_id = w.cluster_id and w2.namespace = w.namespace
                                 and length(w2.name) > length(w.name) and w2.name like w.name || '-%'
                                 and (ra.pod = w2.name or ra.pod like w2.name || '-%'))
             order by ra.last_seen desc, ra.id desc limit 1)""";

    /** Each drift kind's condition over container {@code c}, workload {@code w}, image {@code i} (left joined). */
    private static final Map<DriftKind, String> DRIFT = new EnumMap<>(Map.of(
            DriftKind.NEVER_SCANNED, "(c.image_id is not null and i.last_scanned_at is null)",
            DriftKind.STALE_SCAN, "coalesce(i.last_scanned_at < :staleBefore, false)",
            DriftKind.TAG_ONLY, "(c.image_id is null)",
            DriftKind.UNMAPPED_IMAGE, "not exists (select 1 from repository_rule r where "
                    + RepositoryGlobs.MATCHES.replace(":repository", "c.repository").formatted("r.pattern") + ")",
            DriftKind.NO_PROJECT, "(w.project_id is null)",
            DriftKind.RUNTIME_DRIFT, "(" + RUNTIME_DRIFT_ALERT + " is not null)"));

    /** The project the image's repository maps to (most specific rule), for the link to its image page. */
    private static final String IMAGE_PROJECT = "(select ip.slug from repository_rule r join project ip on ip.id = r.project_id where "
            + RepositoryGlobs.MATCHES.replace(":repository", "c.repository").formatted("r.pattern") + " order by "
            + RepositoryGlobs.MOST_SPECIFIC_FIRST.formatted("r") + " limit 1)";

    private static final String FROM = """
            from workload_container c
            join workload w on w.id = c.workload_id
            join cluster cl on cl.id = w.cluster_id
            join environment e on e.id = cl.environment_id
            left join project p on p.id = w.project_id
            left join image i on i.id = c.image_id
            """;

    private final JdbcClient jdbc;

    WorkloadQueries(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    List<RunningContainer> page(WorkloadFilter filter, Viewer viewer, Instant staleBefore, PageRequest page) {
        Map<String, Object> params = params(filter, viewer, staleBefore);
        params.put("limit", page.size());
        params.put("offset", page.offset());
        String drift = DRIFT.entrySet().stream()
                .map(d -> d.getValue() + " as drift_" + d.getKey().name().toLowerCase(Locale.ROOT))
                .collect(Collectors.joining(",\n       "));
        return jdbc.sql("""
                select c.id, cl.name as cluster, e.name as environment, w.namespace, w.kind, w.name, c.container, c.container_type,
                       c.repository, c.tag, i.digest, c.image_id, p.slug as project, p.name as project_name,
                       %s as image_project, i.last_scanned_at, c.first_seen, c.last_seen, c.stopped_at,
                       c.admitted_at, c.seen_running, %s as drift_alert_id,
                       %s
                """.formatted(IMAGE_PROJECT, RUNTIME_DRIFT_ALERT, drift) + FROM + " where " + where(filter) + """
                 order by e.rank desc, cl.name, w.namespace, w.kind, w.name, c.container, c.id
                 limit :limit offset :offset
                """)
                .params(params)
                .query(WorkloadQueries::running)
                .list();
    }

    long count(WorkloadFilter filter, Viewer viewer, Instant staleBefore) {
        return jdbc.sql("select count(*) " + FROM + " where " + where(filter))
                .params(params(filter, viewer, staleBefore))
                .query(Long.class)
                .single();
    }

    /** Where the image runs now, as far as the caller may see: most critical environment first. */
    List<ImagePlacement> placements(long imageId, Viewer viewer, int limit) {
        return jdbc.sql("select cl.name as cluster, e.name as environment, w.namespace, w.kind, w.name, c.container, c.last_seen "
                        + FROM + " where c.image_id = :image and c.stopped_at is null and " + TeamScope.PROJECTS
                        + " order by e.rank desc, cl.name, w.namespace, w.kind, w.name, c.container limit :limit")
                .params(TeamScope.of(viewer).params())
                .param("image", imageId)
                .param("limit", limit)
                .query(ImagePlacement.class)
                .list();
    }

    /** Where each of the images runs now in an environment, in workloads the caller may see: one statement for all of them. */
    Map<Long, List<ImagePlacement>> placements(Long[] imageIds, String environment, Viewer viewer, int limit) {
        Map<Long, List<ImagePlacement>> placements = new HashMap<>();
        jdbc.sql("select c.image_id, cl.name as cluster, e.name as environment, w.namespace, w.kind, w.name, c.container, c.last_seen "
                        + FROM + " where c.image_id = any(:images) and e.name = :environment and c.stopped_at is null and "
                        + TeamScope.PROJECTS + " order by cl.name, w.namespace, w.kind, w.name, c.container limit :limit")
                .params(TeamScope.of(viewer).params())
                .param("images", imageIds)
                .param("environment", environment)
                .param("limit", limit)
                .query(rs -> {
                    placements.computeIfAbsent(rs.getLong("image_id"), k -> new ArrayList<>()).add(new ImagePlacement(
                            rs.getString("cluster"), rs.getString("environment"), rs.getString("namespace"), rs.getString("kind"),
                            rs.getString("name"), rs.getString("container"), rs.getObject("last_seen", OffsetDateTime.class)));
                });
        return placements;
    }

    /** The environments the image runs in now, as far as the caller may see: most critical first. */
    List<String> environments(long imageId, Viewer viewer) {
        return jdbc.sql("select e.name " + FROM + " where c.image_id = :image and c.stopped_at is null and " + TeamScope.PROJECTS
                        + " group by e.name, e.rank order by e.rank desc")
                .params(TeamScope.of(viewer).params())
                .param("image", imageId)
                .query(String.class)
                .list();
    }

    /** The images running in the environment now, in workloads the caller may see. */
    List<Long> imagesRunningIn(String environment, Viewer viewer) {
        return jdbc.sql("select distinct c.image_id " + FROM + " where e.name = :environment and c.image_id is not null"
                        + " and c.stopped_at is null and " + TeamScope.PROJECTS)
                .params(TeamScope.of(viewer).params())
                .param("environment", environment)
                .query(Long.class)
                .list();
    }

    /**
     * The images running now in any of the environments (by digest), per environment and project, in the workloads
     * the caller may see; {@code project} null for every project: most critical environment first.
     */
    List<EnvironmentImage> runningIn(Collection<String> environments, String project, Viewer viewer) {
        return jdbc.sql("select e.name as environment, p.slug as project, i.id as image_id, i.repository, i.digest,"
                        + " count(distinct w.id) as workloads, bool_or(c.seen_running) as seen_running " + FROM
                        + " where e.name = any(:environments) and c.image_id is not null and c.stopped_at is null"
                        + " and (cast(:project as text) is null or p.slug = :project) and " + TeamScope.PROJECTS
                        + " group by e.name, e.rank, p.slug, i.id, i.repository, i.digest"
                        + " order by e.rank desc, p.slug nulls last, i.repository, i.digest")
                .params(TeamScope.of(viewer).params())
                .param("environments", environments.toArray(String[]::new))
                .param("project", project)
                .query(EnvironmentImage.class)
                .list();
    }

    /**
     * The images running now in a namespace of a cluster under a repository and tag (each spelling of
     * the repository a runtime may have used), by digest: for identifying an image a report names by tag.
     * A container whose spec names no tag runs {@code latest}, as Kubernetes pulls it.
     */
    List<ImageRef> runningUnderTag(long clusterId, String namespace, String repository, String tag) {
        return jdbc.sql("""
                        select distinct i.id, i.repository, i.digest
                        from workload_container c
                        join workload w on w.id = c.workload_id
                        join image i on i.id = c.image_id
                        where w.cluster_id = :cluster and w.namespace = :namespace and c.repository = any(:spellings)
                          and (c.tag = :tag or c.tag is null and :tag = 'latest') and c.stopped_at is null
                        order by i.id""")
                .param("cluster", clusterId)
                .param("namespace", namespace)
                .param("spellings", ImageReference.spellings(repository).toArray(String[]::new))
                .param("tag", tag)
                .query((rs, n) -> new ImageRef(rs.getLong("id"), rs.getString("repository"), rs.getString("digest")))
                .list();
    }

    /** The namespaces of the cluster with a workload running now, whoever asks (what recovery reports readiness for). */
    List<String> namespaces(long clusterId) {
        return jdbc.sql("select distinct namespace from workload where cluster_id = :cluster and stopped_at is null order by namespace")
                .param("cluster", clusterId)
                .query(String.class)
                .list();
    }

    /**
     * The images a namespace ran at {@code at} (containers first seen by then and not stopped before; one an admission
     * let in counts once a snapshot showed it running), in the
     * workloads the caller may see, and since when Keelwatch has watched the namespace at all.
     */
    NamespaceImages runningAt(long clusterId, String namespace, Instant at, Viewer viewer) {
        TeamScope scope = TeamScope.of(viewer);
        List<RunningImage> images = jdbc.sql("""
                        select distinct c.image_id, c.repository, c.reference, i.digest, w.kind || '/' || w.name as workload,
                               c.container
                        from workload_container c
                        join workload w on w.id = c.workload_id
                        left join project p on p.id = w.project_id
                        left join image i on i.id = c.image_id
                        where w.cluster_id = :cluster and w.namespace = :namespace and c.first_seen <= :at and c.seen_running
                          and (c.stopped_at is null or c.stopped_at > :at) and """ + TeamScope.PROJECTS + """

                        order by workload, c.container, c.repository""")
                .params(scope.params())
                .param("cluster", clusterId)
                .param("namespace", namespace)
                .param("at", Timestamp.from(at))
                .query((rs, n) -> new RunningImage(rs.getObject("image_id", Long.class), rs.getString("repository"),
                        rs.getString("reference"), rs.getString("digest"), rs.getString("workload"), rs.getString("container")))
                .list();
        OffsetDateTime since = jdbc.sql("select min(first_seen) from workload where cluster_id = :cluster and namespace = :namespace")
                .param("cluster", clusterId)
                .param("namespace", namespace)
                .query(OffsetDateTime.class)
                .optional().orElse(null);
        return new NamespaceImages(since, images);
    }

    private static String where(WorkloadFilter filter) {
        List<String> conditions = new ArrayList<>();
        conditions.add(TeamScope.PROJECTS);
        conditions.add(switch (filter.state()) {
            case RUNNING -> "c.stopped_at is null";
            case STOPPED -> "c.stopped_at is not null";
            case ALL -> "true";
        });
        if (filter.cluster() != null) {
            conditions.add("cl.name = :cluster");
        }
        if (filter.environment() != null) {
            conditions.add("e.name = :environment");
        }
        if (filter.namespace() != null) {
            conditions.add("w.namespace = :namespace");
        }
        if (filter.project() != null) {
            conditions.add("p.slug = :project");
        }
        if (filter.drift() != null) {
            conditions.add(DRIFT.get(filter.drift()));
        }
        return String.join(" and ", conditions);
    }

    private static Map<String, Object> params(WorkloadFilter filter, Viewer viewer, Instant staleBefore) {
        Map<String, Object> params = TeamScope.of(viewer).params();
        params.put("staleBefore", Timestamp.from(staleBefore));
        params.put("driftRules", RUNTIME_DRIFT_RULES.toArray(String[]::new));
        params.put("cluster", filter.cluster());
        params.put("environment", filter.environment());
        params.put("namespace", filter.namespace());
        params.put("project", filter.project());
        return params;
    }

    private static RunningContainer running(ResultSet rs, int row) throws SQLException {
        List<DriftKind> drift = new ArrayList<>();
        if (rs.getTimestamp("stopped_at") == null) {
            for (DriftKind kind : DriftKind.values()) {
                if (DRIFT.containsKey(kind) && rs.getBoolean("drift_" + kind.name().toLowerCase(Locale.ROOT))) {
                    drift.add(kind);
                }
            }
        }
        Long imageId = rs.getObject("image_id", Long.class);
        return new RunningContainer(rs.getLong("id"), rs.getString("cluster"), rs.getString("environment"),
                rs.getString("namespace"), rs.getString("kind"), rs.getString("name"), rs.getString("container"),
                rs.getString("container_type"), rs.getString("repository"), rs.getString("tag"), rs.getString("digest"),
                imageId, rs.getString("project"), rs.getString("project_name"),
                rs.getString("image_project"), time(rs, "last_scanned_at"), time(rs, "first_seen"), time(rs, "last_seen"),
                time(rs, "stopped_at"), List.copyOf(drift), drift.contains(DriftKind.RUNTIME_DRIFT) ? rs.getObject("drift_alert_id", Long.class) : null,
                time(rs, "admitted_at"), rs.getBoolean("seen_running"));
    }

    private static OffsetDateTime time(ResultSet rs, String column) throws SQLException {
        return rs.getObject(column, OffsetDateTime.class);
    }
}
