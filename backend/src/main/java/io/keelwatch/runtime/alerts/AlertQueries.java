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
 */
@Component
class AlertQueries {

    private static final String SELECT = """
            select a.id, c.name as cluster, a.namespace, a.pod, a.container_id, a.rule, a.priority_rank,
                   p.slug as project, t.slug as team, a.image_repository, a.image_tag, a.image_digest, a.source,
                   a.event_count, a.first_seen, a.last_seen, ia.incident_id
            from runtime_alert a
            join cluster c on c.id = a.cluster_id
            left join project p on p.id = a.project_id
            left join team t on t.id = a.team_id
            left join incident_alert ia on ia.alert_id = a.id
            """;

    private static final String FILTER = """
             and (cast(:cluster as text) is null or c.name = :cluster)
             and (cast(:namespace as text) is null or a.namespace = :namespace)
             and (cast(:project as text) is null or p.slug = :project)
             and (cast(:rule as text) is null or a.rule = :rule)
             and (cast(:maxRank as int) is null or a.priority_rank <= :maxRank)
             and (cast(:from as timestamptz) is null or a.last_seen >= :from)
             and (cast(:to as timestamptz) is null or a.first_seen <= :to)
            """;

    private final JdbcClient jdbc;
    private final JsonMapper json = JsonMapper.builder().build();

    AlertQueries(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Page<AlertSummary> list(AlertFilter filter, PageRequest page, Viewer viewer) {
        TeamScope scope = TeamScope.of(viewer);
        Map<String, Object> params = scope.params();
        params.put("cluster", filter.cluster());
        params.put("namespace", filter.namespace());
        params.put("project", filter.project());
        params.put("rule", filter.rule());
        params.put("maxRank", filter.maxRank());
        params.put("from", filter.from());
        params.put("to", filter.to());
        String where = " where " + scope.covers("a.team_id") + FILTER;
        List<AlertSummary> items = jdbc.sql(SELECT + where + " order by a.last_seen desc, a.id desc limit :limit offset :offset")
                .params(params).param("limit", page.size()).param("offset", page.offset())
                .query(ALERT).list();
        long total = jdbc.sql("select count(*) from runtime_alert a join cluster c on c.id = a.cluster_id "
                        + "left join project p on p.id = a.project_id" + where)
                .params(params).query(Long.class).single();
        return new Page<>(items, page.page(), page.size(), total);
    }

    Optional<AlertSummary> find(long id, Viewer viewer) {
        TeamScope scope = TeamScope.of(viewer);
        return jdbc.sql(SELECT + " where a.id = :id and " + scope.covers("a.team_id"))
                .params(scope.params()).param("id", id).query(ALERT).optional();
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
            rs.getObject("last_seen", OffsetDateTime.class), (Long) rs.getObject("incident_id"));

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
