package io.keelwatch.runtime.incidents;

import io.keelwatch.access.TeamScope;
import io.keelwatch.access.Viewer;
import io.keelwatch.platform.Page;
import io.keelwatch.platform.PageRequest;
import io.keelwatch.runtime.Priority;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Reads incidents, their alerts and timelines through {@link TeamScope} on the incident's team (an incident's alerts
 * are all of its team): a team sees its incidents; incidents of no team only callers who see every team. Every read is
 * one statement per list (the alert counts are correlated subqueries on {@code incident_alert_incident_idx}), so a
 * page costs the same whatever it shows.
 */
@Component
class IncidentQueries {

    static final int MAX_ALERTS = 500;
    static final int BOARD_COLUMN = 25;
    private static final int MAX_TIMELINE = 1000;
    private static final int MAX_CANDIDATES = 50;

    private static final String COLUMNS = """
            i.id, i.title, i.severity, i.status, c.name as cluster, t.slug as team, i.owner, i.created_by, i.created_at,
            i.acknowledged_at, i.contained_at, i.resolved_at, i.auto_rule, i.namespace, i.pod,
            (select count(*) from incident_alert ia where ia.incident_id = i.id) as alert_count
            """;
    private static final String FROM = """
             from incident i
             join cluster c on c.id = i.cluster_id
             left join team t on t.id = i.team_id
            """;
    private static final String FILTER = """
             and (cast(:status as text) is null or i.status = :status)
             and (cast(:severity as text) is null or i.severity = :severity)
             and (cast(:cluster as text) is null or c.name = :cluster)
            """;
    private static final String ALERT_COLUMNS = """
            a.id, a.rule, a.priority_rank, a.namespace, a.pod, a.container_id, p.slug as project, a.image_repository,
            a.image_tag, a.image_digest, a.event_count, a.first_seen, a.last_seen
            """;

    private final JdbcClient jdbc;
    private final IncidentSettings settings;

    IncidentQueries(JdbcClient jdbc, IncidentSettings settings) {
        this.jdbc = jdbc;
        this.settings = settings;
    }

    Page<IncidentSummary> list(IncidentFilter filter, PageRequest page, Viewer viewer) {
        TeamScope scope = TeamScope.of(viewer);
        Map<String, Object> params = scope.params();
        params.put("status", filter.status() == null ? null : filter.status().name());
        params.put("severity", filter.severity() == null ? null : filter.severity().name());
        params.put("cluster", filter.cluster());
        String where = " where " + scope.covers("i.team_id") + FILTER;
        OffsetDateTime now = now();
        List<IncidentSummary> items = jdbc.sql("select " + COLUMNS + FROM + where
                        + " order by i.created_at desc, i.id desc limit :limit offset :offset")
                .params(params).param("limit", page.size()).param("offset", page.offset())
                .query((rs, n) -> summary(rs, now)).list();
        long total = jdbc.sql("select count(*)" + FROM + where).params(params).query(Long.class).single();
        return new Page<>(items, page.page(), page.size(), total);
    }

    /** Each status's count and newest incidents: one statement for the counts, one for the columns (a lateral per status). */
    IncidentBoard board(Viewer viewer) {
        TeamScope scope = TeamScope.of(viewer);
        Map<String, Long> counts = new HashMap<>();
        jdbc.sql("select i.status, count(*) as n from incident i where " + scope.covers("i.team_id") + " group by i.status")
                .params(scope.params())
                .query((rs, n) -> Map.entry(rs.getString("status"), rs.getLong("n"))).list()
                .forEach(e -> counts.put(e.getKey(), e.getValue()));
        OffsetDateTime now = now();
        Map<IncidentStatus, List<IncidentSummary>> columns = new HashMap<>();
        jdbc.sql("select " + COLUMNS + """
                         from unnest(cast(:statuses as text[])) s(status)
                         cross join lateral (select n.id from incident n where n.status = s.status and\s"""
                        + scope.covers("n.team_id") + """
                          order by n.created_at desc, n.id desc limit :limit) newest
                         join incident i on i.id = newest.id
                         join cluster c on c.id = i.cluster_id
                         left join team t on t.id = i.team_id
                         order by i.created_at desc, i.id desc""")
                .params(scope.params())
                .param("statuses", Arrays.stream(IncidentStatus.values()).map(Enum::name).toArray(String[]::new))
                .param("limit", BOARD_COLUMN)
                .query((rs, n) -> summary(rs, now)).list()
                .forEach(s -> columns.computeIfAbsent(s.status(), k -> new ArrayList<>()).add(s));
        return new IncidentBoard(Arrays.stream(IncidentStatus.values())
                .map(s -> new IncidentBoard.Column(s, counts.getOrDefault(s.name(), 0L), columns.getOrDefault(s, List.of())))
                .toList());
    }

    Optional<IncidentSummary> find(long id, Viewer viewer) {
        TeamScope scope = TeamScope.of(viewer);
        OffsetDateTime now = now();
        return jdbc.sql("select " + COLUMNS + FROM + " where i.id = :id and " + scope.covers("i.team_id"))
                .params(scope.params()).param("id", id).query((rs, n) -> summary(rs, now)).optional();
    }

    /** The alerts of an incident the caller has been shown ({@link #find} first), first seen first. */
    List<IncidentAlert> alerts(long incidentId, Viewer viewer) {
        TeamScope scope = TeamScope.of(viewer);
        return jdbc.sql("select " + ALERT_COLUMNS + """
                         from incident_alert ia
                         join runtime_alert a on a.id = ia.alert_id
                         left join project p on p.id = a.project_id
                         where ia.incident_id = :id and\s""" + scope.covers("a.team_id")
                        + " order by a.first_seen, a.id limit :limit")
                .params(scope.params()).param("id", incidentId).param("limit", MAX_ALERTS)
                .query(ALERT).list();
    }

    List<TimelineItem> timeline(long incidentId) {
        return jdbc.sql("""
                        select * from (
                            select e.id, e.occurred_at, e.actor, e.kind, e.from_value, e.to_value, e.body
                            from incident_event e where e.incident_id = :id
                            order by e.occurred_at desc, e.id desc limit :limit) newest
                        order by occurred_at, id
                        """)
                .param("id", incidentId).param("limit", MAX_TIMELINE)
                .query((rs, n) -> new TimelineItem(rs.getObject("occurred_at", OffsetDateTime.class), rs.getString("actor"),
                        rs.getString("kind"), rs.getString("from_value"), rs.getString("to_value"), rs.getString("body")))
                .list();
    }

    /**
     * Alerts in no incident that could join this one: of its cluster and team, in the namespaces its alerts are in,
     * most recently seen first (through the fold key's unique index, which leads with cluster and namespace).
     */
    List<IncidentAlert> candidates(long incidentId, Viewer viewer) {
        record Place(long clusterId, Long teamId, String[] namespaces) {
        }
        // the incident's cluster, team and namespaces first, then the alerts by those values: joined in one statement,
        // the planner misjudged "the incident's team" as matching almost no alert and read every alert of the namespace
        Optional<Place> place = jdbc.sql("""
                        select i.cluster_id, i.team_id, array(select distinct b.namespace from incident_alert ib
                                join runtime_alert b on b.id = ib.alert_id where ib.incident_id = i.id) as namespaces
                        from incident i where i.id = :id
                        """)
                .param("id", incidentId)
                .query((rs, n) -> new Place(rs.getLong("cluster_id"), (Long) rs.getObject("team_id"),
                        (String[]) rs.getArray("namespaces").getArray()))
                .optional();
        if (place.isEmpty() || place.get().namespaces().length == 0) {
            return List.of();
        }
        TeamScope scope = TeamScope.of(viewer);
        Map<String, Object> params = scope.params();
        params.put("cluster", place.get().clusterId());
        params.put("team", place.get().teamId());
        params.put("namespaces", place.get().namespaces());
        params.put("limit", MAX_CANDIDATES);
        // per namespace of the incident, newest first along the (cluster, namespace, last seen) index
        return jdbc.sql("""
                        select a.* from unnest(cast(:namespaces as text[])) n (namespace)
                        cross join lateral (
                            select\s""" + ALERT_COLUMNS + """
                            from runtime_alert a left join project p on p.id = a.project_id
                            where a.cluster_id = :cluster and a.namespace = n.namespace
                              and\s""" + (place.get().teamId() == null ? "a.team_id is null\n" : "a.team_id = :team\n") + """
                              and not exists (select 1 from incident_alert x where x.alert_id = a.id)
                              and\s""" + scope.covers("a.team_id") + """
                            order by a.last_seen desc, a.id desc limit :limit) a
                        order by a.last_seen desc, a.id desc limit :limit
                        """)
                .params(params)
                .query(ALERT).list();
    }

    /** The alerts of a cluster's namespace in no incident that the caller sees, most severe first, then first seen. */
    List<Long> outsideIncidents(String cluster, String namespace, Viewer viewer) {
        TeamScope scope = TeamScope.of(viewer);
        return jdbc.sql("""
                        select a.id from runtime_alert a join cluster c on c.id = a.cluster_id
                        where c.name = :cluster and a.namespace = :namespace
                          and not exists (select 1 from incident_alert x where x.alert_id = a.id)
                          and\s""" + scope.covers("a.team_id") + " order by a.priority_rank, a.first_seen, a.id limit :limit")
                .params(scope.params()).param("cluster", cluster).param("namespace", namespace).param("limit", MAX_ALERTS)
                .query(Long.class).list();
    }

    private OffsetDateTime now() {
        return OffsetDateTime.now(ZoneOffset.UTC).withOffsetSameInstant(ZoneOffset.UTC);
    }

    private IncidentSummary summary(ResultSet rs, OffsetDateTime now) throws SQLException {
        IncidentSeverity severity = IncidentSeverity.valueOf(rs.getString("severity"));
        IncidentStatus status = IncidentStatus.valueOf(rs.getString("status"));
        OffsetDateTime created = rs.getObject("created_at", OffsetDateTime.class);
        OffsetDateTime acknowledged = rs.getObject("acknowledged_at", OffsetDateTime.class);
        OffsetDateTime contained = rs.getObject("contained_at", OffsetDateTime.class);
        OffsetDateTime resolved = rs.getObject("resolved_at", OffsetDateTime.class);
        IncidentSettings.Sla sla = settings.sla().get(severity);
        OffsetDateTime acknowledgeBy = created.plus(sla.acknowledge());
        OffsetDateTime containBy = created.plus(sla.contain());
        // a false alarm closed without containment needed none: its close ends the clock
        OffsetDateTime containEnd = contained != null ? contained : resolved;
        boolean acknowledgeLate = (acknowledged != null ? acknowledged : now).isAfter(acknowledgeBy);
        boolean containLate = (containEnd != null ? containEnd : now).isAfter(containBy);
        boolean overdue = status.active() && ((acknowledged == null && acknowledgeLate) || (containEnd == null && containLate));
        return new IncidentSummary(rs.getLong("id"), rs.getString("title"), severity, status, rs.getString("cluster"),
                rs.getString("team"), rs.getString("owner"), rs.getString("created_by"), created, acknowledged, contained,
                resolved, rs.getString("auto_rule"), rs.getString("namespace"), rs.getString("pod"), rs.getLong("alert_count"),
                acknowledgeBy, containBy, acknowledgeLate, containLate, overdue);
    }

    private static final RowMapper<IncidentAlert> ALERT = (rs, n) -> new IncidentAlert(rs.getLong("id"), rs.getString("rule"),
            Priority.ofRank(rs.getInt("priority_rank")).label(), emptyAsNull(rs.getString("namespace")),
            emptyAsNull(rs.getString("pod")), emptyAsNull(rs.getString("container_id")), rs.getString("project"),
            rs.getString("image_repository"), rs.getString("image_tag"), rs.getString("image_digest"), rs.getLong("event_count"),
            rs.getObject("first_seen", OffsetDateTime.class), rs.getObject("last_seen", OffsetDateTime.class), null);

    private static String emptyAsNull(String value) {
        return value == null || value.isEmpty() ? null : value;
    }
}
