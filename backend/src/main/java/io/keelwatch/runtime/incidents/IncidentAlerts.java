package io.keelwatch.runtime.incidents;

import io.keelwatch.access.TeamScope;
import io.keelwatch.access.Viewer;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Which alerts are in which incident ({@code incident_alert}): set-based, one statement per change. */
@Component
class IncidentAlerts {

    /** An alert as adding it to an incident needs it: its cluster and team, and the incident it is in, if any. */
    record Candidate(long id, long clusterId, Long teamId, Long incidentId, int priorityRank, String rule, String namespace,
            String pod) {
    }

    private final JdbcClient jdbc;

    IncidentAlerts(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The alerts among {@code ids} the caller sees (one they do not see is missing, like one that does not exist). */
    List<Candidate> visible(List<Long> ids, Viewer viewer) {
        TeamScope scope = TeamScope.of(viewer);
        return jdbc.sql("""
                        select a.id, a.cluster_id, a.team_id, ia.incident_id, a.priority_rank, a.rule, a.namespace, a.pod
                        from runtime_alert a left join incident_alert ia on ia.alert_id = a.id
                        where a.id = any(cast(:ids as bigint[])) and\s""" + scope.covers("a.team_id") + " order by a.first_seen, a.id")
                .params(scope.params()).param("ids", ids.toArray(Long[]::new))
                .query((rs, n) -> new Candidate(rs.getLong("id"), rs.getLong("cluster_id"), (Long) rs.getObject("team_id"),
                        (Long) rs.getObject("incident_id"), rs.getInt("priority_rank"), rs.getString("rule"),
                        rs.getString("namespace"), rs.getString("pod")))
                .list();
    }

    /** Adds the alerts to the incident; returns those added (an alert another incident took meanwhile is not). */
    List<Long> add(long incidentId, List<Long> alertIds, String actor) {
        return jdbc.sql("""
                        insert into incident_alert (alert_id, incident_id, added_by)
                        select id, :incident, :actor from unnest(cast(:ids as bigint[])) as ids(id)
                        on conflict (alert_id) do nothing
                        returning alert_id
                        """)
                .param("incident", incidentId).param("actor", actor).param("ids", alertIds.toArray(Long[]::new))
                .query(Long.class).list();
    }

    /** Removes those of the alerts that are in the incident; returns them. */
    List<Long> remove(long incidentId, List<Long> alertIds) {
        return jdbc.sql("""
                        delete from incident_alert where incident_id = :incident and alert_id = any(cast(:ids as bigint[]))
                        returning alert_id
                        """)
                .param("incident", incidentId).param("ids", alertIds.toArray(Long[]::new))
                .query(Long.class).list();
    }

    long count(long incidentId) {
        return jdbc.sql("select count(*) from incident_alert where incident_id = :incident").param("incident", incidentId)
                .query(Long.class).single();
    }
}
