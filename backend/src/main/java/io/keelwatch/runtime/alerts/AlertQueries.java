package io.keelwatch.runtime.alerts;

import io.keelwatch.access.TeamScope;
import io.keelwatch.access.Viewer;
import io.keelwatch.platform.Page;
import io.keelwatch.platform.PageRequest;
import io.keelwatch.runtime.Priority;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
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

    /** The override of the alert's rule, hashed once (not unnested per alert), as {@code po}. */
    private static final String OVERRIDES = """
             left join unnest(cast(:overrideRules as text[]), cast(:overrideRanks as int[])) as po(rule, rank) on po.rule = a.rule
            """;

    /**
     * The oldest mute in force matching the alert, as {@code mute}: its rule, its scope (team, project, cluster: null
     * means any) and its patterns (a workload pattern matches the pod names of that workload, {@code <name>-…}).
     * Statements using it start with {@link #MUTES}.
     */
    private static final String MUTE = """
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

    /** What a row of alerts shows: cluster and environment, owner, incident, the override and the mute. */
    private static final String FROM = """
            from runtime_alert a
            join cluster c on c.id = a.cluster_id
            join environment env on env.id = c.environment_id
            left join project p on p.id = a.project_id
            left join team t on t.id = a.team_id
            left join incident_alert ia on ia.alert_id = a.id
            """ + OVERRIDES + MUTE;

    private static final String SELECT = MUTES + """
            select a.id, c.name as cluster, env.name as environment, a.namespace, a.pod, a.container_id, a.rule,
                   %s as priority_rank, p.slug as project, t.slug as team, a.image_repository, a.image_tag, a.image_digest,
                   a.source, a.event_count, a.first_seen, a.last_seen, mute.id as muted_by, ia.incident_id
            """.formatted(RANK) + FROM;

    private final JdbcClient jdbc;
    private final PrioritySettings priorities;
    private final JsonMapper json = JsonMapper.builder().build();

    AlertQueries(JdbcClient jdbc, PrioritySettings priorities) {
        this.jdbc = jdbc;
        this.priorities = priorities;
    }

    /** Counting stops past this many alerts: the list then says "more than", as the findings list does. */
    static final int COUNT_LIMIT = 10_000;

    /**
     * The alerts a filter admits, as the {@code from … where …} of a statement (to follow {@link #MUTES}) with only the
     * joins and conditions the filter uses: a plan for "any cluster, any priority" then walks the list's index, and
     * none joins projects, teams, incidents or mutes for alerts it does not show — with every filter written as
     * {@code (:x is null or …)}, a filtered page of a few hundred thousand alerts took half a second.
     */
    private record Narrowed(String from, String rank, Map<String, Object> params, boolean byDay, boolean admitsNone) {
    }

    private Narrowed narrowed(AlertFilter filter, Viewer viewer) {
        return narrowed(filter, viewer, ALERTS);
    }

    private static final String ALERTS = "runtime_alert";
    /** Alerts counted by owner, place, rule, priority and first and last day (V40): what the chart reads. */
    private static final String DAY_COUNTS = "runtime_alert_day_count";

    /**
     * The filter over {@code table}: the alerts, or their day counts, which have the columns every condition but the time
     * range and the mutes reads (those filters are the caller's to leave out).
     */
    private Narrowed narrowed(AlertFilter filter, Viewer viewer, String table) {
        TeamScope scope = TeamScope.of(viewer);
        Map<String, Object> params = scope.params();
        StringBuilder from = new StringBuilder(" from " + table + " a");
        List<String> where = new ArrayList<>(List.of(scope.covers("a.team_id")));
        // names resolved to ids before the alerts are read: a join left the planner guessing how many alerts one
        // cluster holds, and it counted a filtered list by scanning every alert in parallel
        if (filter.environment() != null) {
            where.add("a.cluster_id in (select c.id from cluster c join environment env on env.id = c.environment_id"
                    + " where env.name = :environment)");
            params.put("environment", filter.environment());
        }
        if (filter.cluster() != null) {
            where.add("a.cluster_id = (select c.id from cluster c where c.name = :cluster)");
            params.put("cluster", filter.cluster());
        }
        if (filter.project() != null) {
            where.add("a.project_id = (select p.id from project p where p.slug = :project)");
            params.put("project", filter.project());
        }
        if (filter.namespace() != null) {
            where.add("a.namespace = :namespace");
            params.put("namespace", filter.namespace());
        }
        if (filter.rule() != null) {
            where.add("a.rule = :rule");
            params.put("rule", filter.rule());
        }
        String rank = rank(from, params);
        if (filter.maxRank() != null) {
            where.add(rank + " <= :maxRank");
            params.put("maxRank", filter.maxRank());
        }
        if (filter.onlyRank() != null) {
            where.add(rank + " = :onlyRank");
            params.put("onlyRank", filter.onlyRank());
        }
        if (filter.from() != null) {
            where.add("a.last_seen >= :from");
            params.put("from", filter.from());
        }
        if (filter.to() != null) {
            where.add("a.first_seen <= :to");
            params.put("to", filter.to());
        }
        boolean mutesNarrow = false;
        boolean admitsNone = false;
        if (filter.muted() != AlertFilter.Muted.any) {
            if (anyMuteInForce()) {
                from.append(MUTE);
                where.add(filter.muted() == AlertFilter.Muted.yes ? "mute.id is not null" : "mute.id is null");
                mutesNarrow = true;
            } else {
                // only muted alerts, and no mute in force: nothing to read
                admitsNone = filter.muted() == AlertFilter.Muted.yes;
            }
        }
        return new Narrowed(from + " where " + String.join(" and ", where), rank, params,
                filter.from() == null && filter.to() == null && !mutesNarrow, admitsNone);
    }

    /** The alert's rank after the overrides: joins them only when there are any. */
    private String rank(StringBuilder from, Map<String, Object> params) {
        if (priorities.rules().length == 0) {
            return "a.priority_rank";
        }
        from.append(OVERRIDES);
        params.put("overrideRules", priorities.rules());
        params.put("overrideRanks", priorities.ranks());
        return RANK;
    }

    private boolean anyMuteInForce() {
        return jdbc.sql("select exists (select 1 from runtime_mute)").query(Boolean.class).single();
    }

    Page<AlertSummary> list(AlertFilter filter, PageRequest page, Viewer viewer) {
        Narrowed narrowed = narrowed(filter, viewer);
        if (narrowed.admitsNone()) {
            return new Page<>(List.of(), page.page(), page.size(), 0);
        }
        // the page's ids first, through the filter's conditions alone; then what the rows show, for those only
        List<Long> ids = jdbc.sql(MUTES + "select a.id" + narrowed.from() + " order by a.last_seen desc, a.id desc limit :limit offset :offset")
                .params(narrowed.params()).param("limit", page.size()).param("offset", page.offset())
                .query(Long.class).list();
        List<AlertSummary> items = ids.isEmpty() ? List.of()
                : jdbc.sql(SELECT + " where a.id = any(:ids) order by a.last_seen desc, a.id desc")
                        .param("ids", ids.toArray(Long[]::new))
                        .param("overrideRules", priorities.rules()).param("overrideRanks", priorities.ranks())
                        .query(ALERT).list();
        long total = count(filter, narrowed, viewer);
        return total > COUNT_LIMIT && !narrowed.byDay()
                ? new Page<>(items, page.page(), page.size(), COUNT_LIMIT, false)
                : new Page<>(items, page.page(), page.size(), total);
    }

    /**
     * How many alerts the filter admits: all of them from the day counts when no time range or mute narrows it,
     * else up to {@link #COUNT_LIMIT} + 1 (more: COUNT_LIMIT + 1).
     */
    long count(AlertFilter filter, Viewer viewer) {
        return count(filter, narrowed(filter, viewer), viewer);
    }

    /**
     * The same count with the filter already narrowed: a page's list and its count ask for the mutes in force once. The
     * day counts (V40) count every alert once (by its first and last day), so their sum is the exact total, read from a
     * few thousand rows instead of up to ten thousand alerts.
     */
    private long count(AlertFilter filter, Narrowed narrowed, Viewer viewer) {
        if (narrowed.admitsNone()) {
            return 0;
        }
        if (narrowed.byDay()) {
            Narrowed days = narrowed(filter.withMuted(AlertFilter.Muted.any), viewer, DAY_COUNTS);
            return jdbc.sql("select coalesce(sum(a.alerts), 0)" + days.from()).params(days.params()).query(Long.class).single();
        }
        return jdbc.sql(MUTES + "select count(*) from (select 1" + narrowed.from() + " limit " + (COUNT_LIMIT + 1) + ") admitted")
                .params(narrowed.params()).query(Long.class).single();
    }

    /** When the newest alert the filter admits was last seen, if any. */
    Optional<OffsetDateTime> lastSeen(AlertFilter filter, Viewer viewer) {
        Narrowed narrowed = narrowed(filter, viewer);
        if (narrowed.admitsNone()) {
            return Optional.empty();
        }
        // the newest first along the list's index: stops at the first alert the filter admits
        return jdbc.sql(MUTES + "select a.last_seen" + narrowed.from() + " order by a.last_seen desc, a.id desc limit 1")
                .params(narrowed.params()).query(OffsetDateTime.class).optional();
    }

    /** One count per day (UTC) and priority of the alerts the filter admits that were seen on that day (first to last event). */
    record DayCount(OffsetDateTime day, int rank, long alerts) {
    }

    /**
     * From the alerts' day counts (V40), never the alerts themselves — but for the muted ones, which are counted
     * from the alerts (mutes come and go) and subtracted when the filter hides them. The filter's range is read as
     * the chart's whole days, as each bar's link lists them.
     */
    List<DayCount> perDay(AlertFilter filter, OffsetDateTime firstDay, OffsetDateTime lastDay, Viewer viewer) {
        AlertFilter allTime = filter.withoutRange();
        Map<LocalDate, Map<Integer, Long>> counts = new TreeMap<>();
        if (filter.muted() != AlertFilter.Muted.yes) {
            Narrowed all = narrowed(allTime.withMuted(AlertFilter.Muted.any), viewer, DAY_COUNTS);
            jdbc.sql("select a.first_day, a.last_day, " + all.rank() + " as rank, sum(a.alerts) as alerts" + all.from()
                            + " and a.last_day >= :firstDay and a.first_day <= :lastDay group by 1, 2, 3")
                    .params(all.params()).param("firstDay", firstDay.toLocalDate()).param("lastDay", lastDay.toLocalDate())
                    .query(dayGroups(counts, firstDay, lastDay, 1)).list();
        }
        Narrowed muted = filter.muted() == AlertFilter.Muted.any ? null : narrowed(allTime.withMuted(AlertFilter.Muted.yes), viewer, ALERTS);
        if (muted != null && !muted.admitsNone()) {
            jdbc.sql(MUTES + "select (a.first_seen at time zone 'UTC')::date as first_day, (a.last_seen at time zone 'UTC')::date"
                            + " as last_day, " + muted.rank() + " as rank, count(*) as alerts" + muted.from()
                            + " and a.last_seen >= :firstDay and a.first_seen < cast(:lastDay as timestamptz) + interval '1 day'"
                            + " group by 1, 2, 3")
                    .params(muted.params()).param("firstDay", firstDay).param("lastDay", lastDay)
                    .query(dayGroups(counts, firstDay, lastDay, filter.muted() == AlertFilter.Muted.yes ? 1 : -1)).list();
        }
        List<DayCount> days = new ArrayList<>();
        counts.forEach((day, ranks) -> ranks.forEach((rank, alerts) -> {
            if (alerts != 0) {
                days.add(new DayCount(day.atStartOfDay().atOffset(ZoneOffset.UTC), rank, alerts));
            }
        }));
        return days;
    }

    /** Adds (or with {@code sign} -1 takes) each group's alerts on every day from its first to its last within the range. */
    private static RowMapper<Void> dayGroups(Map<LocalDate, Map<Integer, Long>> counts, OffsetDateTime firstDay,
            OffsetDateTime lastDay, int sign) {
        return (rs, n) -> {
            LocalDate first = max(rs.getObject("first_day", LocalDate.class), firstDay.toLocalDate());
            LocalDate last = min(rs.getObject("last_day", LocalDate.class), lastDay.toLocalDate());
            for (LocalDate day = first; !day.isAfter(last); day = day.plusDays(1)) {
                counts.computeIfAbsent(day, d -> new TreeMap<>()).merge(rs.getInt("rank"), sign * rs.getLong("alerts"), Long::sum);
            }
            return null;
        };
    }

    private static LocalDate max(LocalDate a, LocalDate b) {
        return a.isAfter(b) ? a : b;
    }

    private static LocalDate min(LocalDate a, LocalDate b) {
        return a.isBefore(b) ? a : b;
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
