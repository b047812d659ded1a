package io.keelwatch.runtime.alerts;

import io.keelwatch.access.TeamScope;
import io.keelwatch.access.Viewer;
import io.keelwatch.platform.Page;
import io.keelwatch.platform.PageRequest;
import io.keelwatch.runtime.Priority;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads alerts and their events through {@link TeamScope} on the alert's team: a team sees the alerts of
 * its namespaces; alerts of namespaces no rule maps (no team) only callers who see every team.
 *
 * <p>Two things are applied here, on read, never at ingest: the per-rule priority overrides
 * ({@link PrioritySettings}, joined as {@code po}) and the mutes in force (the {@code runtime_mute} view the
 * findings module publishes over its exceptions, joined as {@code mute}). A muted alert is kept and marked;
 * an expired or revoked mute stops matching at once.
 */
@Component
class AlertQueries {

    /** An alert's priority rank after the overrides. */
    static final String RANK = "coalesce(po.rank, a.priority_rank)";

    /**
     * The mutes in force, read once per statement: the view is a filter over every exception, which matching it
     * anew for each alert made a list of a few hundred thousand alerts take seconds.
     */
    private static final String MUTES = """
            with mute_in_force as materialized (
                select id, rule, team_id, project_id, cluster_id, namespace_like, workload_like, image_like from runtime_mute)
            """;

    /**
     * The joins every read of alerts makes: cluster and environment, owner, the override of the alert's
     * rule (hashed once, not unnested per alert), and the oldest mute in force matching it — its rule, its scope
     * (team, project, cluster: null means any) and its patterns (a workload pattern matches the pod names of that
     * workload, {@code <name>-…}). Statements using it start with {@link #MUTES}.
     */
    private static final String FROM = """
            from runtime_alert a
            join cluster c on c.id = a.cluster_id
            join environment env on env.id = c.environment_id
            left join project p on p.id = a.project_id
            left join team t on t.id = a.team_id
            left join incident_alert ia on ia.alert_id = a.id
            left join unnest(cast(:overrideRules as text[]), cast(:overrideRanks as int[])) as po(rule, rank) on po.rule = a.rule
            left join lateral (
                select min(m.id) as id from mute_in_force m
                where m.rule = a.rule
                  and (m.team_id is null or m.team_id = a.team_id)
                  and (m.project_id is null or m.project_id = a.project_id)
                  and (m.cluster_id is null or m.cluster_id = a.cluster_id)
                  and a.namespace like m.namespace_like
                  and (a.pod like m.workload_like or a.pod like m.workload_like || '-%')
                  and coalesce(a.image_repository, '') like m.image_like) mute on true
            """;

    private static final String SELECT = MUTES + """
            select a.id, c.name as cluster, env.name as environment, a.namespace, a.pod, a.container_id, a.rule,
                   %s as priority_rank, p.slug as project, t.slug as team, a.image_repository, a.image_tag, a.image_digest,
                   a.source, a.event_count, a.first_seen, a.last_seen, mute.id as muted_by, ia.incident_id
            """.formatted(RANK) + FROM;

    private static final String FILTER = """
             and (cast(:cluster as text) is null or c.name = :cluster)
             and (cast(:environment as text) is null or env.name = :environment)
             and (cast(:namespace as text) is null or a.namespace = :namespace)
             and (cast(:project as text) is null or p.slug = :project)
             and (cast(:rule as text) is null or a.rule = :rule)
             and (cast(:maxRank as int) is null or %1$s <= :maxRank)
             and (cast(:onlyRank as int) is null or %1$s = :onlyRank)
             and (cast(:from as timestamptz) is null or a.last_seen >= :from)
             and (cast(:to as timestamptz) is null or a.first_seen <= :to)
             and (:muted = 'any' or (:muted = 'yes') = (mute.id is not null))
             and (:muted <> 'yes' or exists (select 1 from mute_in_force))
            """.formatted(RANK);

    private final JdbcClient jdbc;
    private final PrioritySettings priorities;
    private final JsonMapper json = JsonMapper.builder().build();

    AlertQueries(JdbcClient jdbc, PrioritySettings priorities) {
        this.jdbc = jdbc;
        this.priorities = priorities;
    }

    /** Counting stops past this many alerts: the list then says "more than", as the findings list does. */
    static final int COUNT_LIMIT = 10_000;

    Page<AlertSummary> list(AlertFilter filter, PageRequest page, Viewer viewer) {
        Map<String, Object> params = params(filter, viewer);
        String where = " where " + TeamScope.of(viewer).covers("a.team_id") + FILTER;
        List<AlertSummary> items = jdbc.sql(SELECT + where + " order by a.last_seen desc, a.id desc limit :limit offset :offset")
                .params(params).param("limit", page.size()).param("offset", page.offset())
                .query(ALERT).list();
        long total = count(filter, viewer);
        return total > COUNT_LIMIT
                ? new Page<>(items, page.page(), page.size(), COUNT_LIMIT, false)
                : new Page<>(items, page.page(), page.size(), total);
    }

    /** How many alerts the filter admits, up to {@link #COUNT_LIMIT} + 1 (more: COUNT_LIMIT + 1). */
    long count(AlertFilter filter, Viewer viewer) {
        return jdbc.sql(MUTES + "select count(*) from (select 1 " + FROM + " where " + TeamScope.of(viewer).covers("a.team_id")
                        + FILTER + " limit " + (COUNT_LIMIT + 1) + ") admitted")
                .params(params(filter, viewer)).query(Long.class).single();
    }

    /** When the newest alert the filter admits was last seen, if any. */
    Optional<OffsetDateTime> lastSeen(AlertFilter filter, Viewer viewer) {
        // the newest first along the list's index: stops at the first alert the filter admits
        return jdbc.sql(MUTES + "select a.last_seen " + FROM + " where " + TeamScope.of(viewer).covers("a.team_id") + FILTER
                        + " order by a.last_seen desc, a.id desc limit 1")
                .params(params(filter, viewer)).query(OffsetDateTime.class).optional();
    }

    /** One count per day (UTC) and priority of the alerts the filter admits that were seen on that day (first to last event). */
    record DayCount(OffsetDateTime day, int rank, long alerts) {
    }

    List<DayCount> perDay(AlertFilter filter, OffsetDateTime firstDay, OffsetDateTime lastDay, Viewer viewer) {
        Map<String, Object> params = params(filter, viewer);
        params.put("firstDay", firstDay);
        params.put("lastDay", lastDay);
        // each alert counts on the (UTC) days from its first to its last event within the range: one pass over the alerts
        String days = """
                cross join lateral generate_series(
                        greatest(date_trunc('day', a.first_seen, 'UTC'), cast(:firstDay as timestamptz)),
                        least(date_trunc('day', a.last_seen, 'UTC'), cast(:lastDay as timestamptz)), interval '1 day') as d(day)
                """;
        return jdbc.sql(MUTES + "select d.day, %s as rank, count(*) as alerts ".formatted(RANK) + FROM + days
                        + " where " + TeamScope.of(viewer).covers("a.team_id") + FILTER
                        + " and a.last_seen >= :firstDay and a.first_seen < cast(:lastDay as timestamptz) + interval '1 day'"
                        + " group by d.day, 2 order by d.day, 2")
                .params(params)
                .query((rs, n) -> new DayCount(rs.getObject("day", OffsetDateTime.class), rs.getInt("rank"), rs.getLong("alerts")))
                .list();
    }

    Optional<AlertSummary> find(long id, Viewer viewer) {
        TeamScope scope = TeamScope.of(viewer);
        return jdbc.sql(SELECT + " where a.id = :id and " + scope.covers("a.team_id"))
                .params(scope.params()).param("overrideRules", priorities.rules()).param("overrideRanks", priorities.ranks())
                .param("id", id).query(ALERT).optional();
    }

    /** The events of an alert the caller has been shown ({@link #find} first): its fold key's, newest first. */
    Page<AlertEvent> events(long alertId, PageRequest page) {
        String key = """
                from runtime_event e join runtime_alert a on a.id = :id
                  and e.cluster_id = a.cluster_id and e.namespace = a.namespace and e.pod = a.pod
                  and e.container_id = a.container_id and e.rule = a.rule and e.window_start = a.window_start
                  and e.event_time between a.first_seen and a.last_seen
                """;
        List<AlertEvent> items = jdbc.sql("select e.id, e.event_time, e.priority_rank, e.hostname, e.source, e.uuid, e.output, "
                        + "e.output_fields::text as output_fields, e.tags, e.received_at " + key
                        + " order by e.event_time desc, e.id desc limit :limit offset :offset")
                .param("id", alertId).param("limit", page.size()).param("offset", page.offset())
                .query(this::event).list();
        long total = jdbc.sql("select count(*) " + key).param("id", alertId).query(Long.class).single();
        return new Page<>(items, page.page(), page.size(), total);
    }

    private Map<String, Object> params(AlertFilter filter, Viewer viewer) {
        Map<String, Object> params = TeamScope.of(viewer).params();
        params.put("cluster", filter.cluster());
        params.put("environment", filter.environment());
        params.put("namespace", filter.namespace());
        params.put("project", filter.project());
        params.put("rule", filter.rule());
        params.put("maxRank", filter.maxRank());
        params.put("onlyRank", filter.onlyRank());
        params.put("from", filter.from());
        params.put("to", filter.to());
        params.put("muted", filter.muted().name());
        params.put("overrideRules", priorities.rules());
        params.put("overrideRanks", priorities.ranks());
        return params;
    }

    private static final RowMapper<AlertSummary> ALERT = (rs, n) -> new AlertSummary(rs.getLong("id"), rs.getString("cluster"),
            emptyAsNull(rs.getString("namespace")), emptyAsNull(rs.getString("pod")), emptyAsNull(rs.getString("container_id")),
            rs.getString("rule"), Priority.ofRank(rs.getInt("priority_rank")).label(), rs.getString("project"),
            rs.getString("team"), rs.getString("image_repository"), rs.getString("image_tag"), rs.getString("image_digest"),
            rs.getString("source"), rs.getLong("event_count"), rs.getObject("first_seen", OffsetDateTime.class),
            rs.getObject("last_seen", OffsetDateTime.class), rs.getString("environment"), rs.getObject("muted_by", Long.class),
            (Long) rs.getObject("incident_id"));

    private AlertEvent event(ResultSet rs, int n) throws SQLException {
        Array tags = rs.getArray("tags");
        return new AlertEvent(rs.getLong("id"), rs.getObject("event_time", OffsetDateTime.class),
                Priority.ofRank(rs.getInt("priority_rank")).label(), rs.getString("hostname"), rs.getString("source"),
                rs.getString("uuid"), rs.getString("output"), json.readTree(rs.getString("output_fields")),
                Arrays.asList((String[]) tags.getArray()), rs.getObject("received_at", OffsetDateTime.class));
    }

    private static String emptyAsNull(String value) {
        return value == null || value.isEmpty() ? null : value;
    }
}
