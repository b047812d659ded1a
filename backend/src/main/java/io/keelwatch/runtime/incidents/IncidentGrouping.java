package io.keelwatch.runtime.incidents;

import io.keelwatch.audit.AuditEntry;
import io.keelwatch.audit.AuditLog;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The grouping rule, set-based: every alert of at least the configured priority, on a workload (cluster, namespace,
 * pod; host and audit events name none), last seen within the lookback and in no incident, joins the incident the
 * rule opened for its workload and team whose window [started, started + window) holds the alert's first event while
 * that incident is being worked; the alerts left open new incidents, one per workload and team starting at the
 * earliest of them. Each statement handles every workload at once; a workload whose alerts span several windows gets
 * one more incident per pass. Credited to the system, audited and on the incidents' timelines like a person's change.
 */
@Component
class IncidentGrouping {

    /** The rule's name on the incidents it opens. */
    static final String RULE = "same-workload";
    /** The account Keelwatch credits its own doings to ({@code AccessService.systemViewer()}). */
    static final String SYSTEM = "system";
    /** Passes per run at most: a back-fill spanning more windows is finished by the next runs. */
    private static final int MAX_PASSES = 24;

    private static final String CANDIDATES = """
            candidate as (
                select a.id, a.cluster_id, a.namespace, a.pod, a.team_id, a.priority_rank, a.first_seen
                from runtime_alert a
                where a.last_seen >= :since and a.priority_rank <= :maxRank and a.namespace <> '' and a.pod <> ''
                  and not exists (select 1 from incident_alert x where x.alert_id = a.id))
            """;

    /** Alerts joining the incident of their workload's window: per incident, how many. */
    private static final String JOIN = "with " + CANDIDATES + """
            , joined as (
                insert into incident_alert (alert_id, incident_id, added_by)
                select c.id, i.id, :actor from candidate c
                cross join lateral (
                    select i.id from incident i
                    where i.auto_rule = :rule and i.status not in ('resolved', 'false_alarm')
                      and i.cluster_id = c.cluster_id and i.namespace = c.namespace and i.pod = c.pod
                      and i.team_id is not distinct from c.team_id
                      and i.started_at <= c.first_seen and c.first_seen < i.started_at + make_interval(secs => :windowSeconds)
                    order by i.started_at limit 1) i
                on conflict (alert_id) do nothing
                returning incident_id, alert_id),
            per_incident as (
                select j.incident_id, count(*) as alerts, array_agg(j.alert_id order by j.alert_id) as ids
                from joined j group by j.incident_id),
            timeline as (
                insert into incident_event (incident_id, actor, kind, body)
                select p.incident_id, :actor, 'alerts_added', array_to_string(p.ids, ', ') from per_incident p)
            select p.incident_id, i.team_id, p.alerts from per_incident p join incident i on i.id = p.incident_id
            """;

    /** New incidents: per workload and team, the alerts within a window of the earliest; per incident, how many. */
    private static final String OPEN = "with " + CANDIDATES + """
            , earliest as (
                select c.cluster_id, c.namespace, c.pod, c.team_id, min(c.first_seen) as started_at
                from candidate c group by c.cluster_id, c.namespace, c.pod, c.team_id),
            grouped as (
                select e.cluster_id, e.namespace, e.pod, e.team_id, e.started_at, c.id as alert_id, c.priority_rank
                from earliest e join candidate c on c.cluster_id = e.cluster_id and c.namespace = e.namespace
                 and c.pod = e.pod and c.team_id is not distinct from e.team_id
                 and c.first_seen < e.started_at + make_interval(secs => :windowSeconds)),
            opened as (
                insert into incident (cluster_id, team_id, title, severity, status, created_by, created_at, auto_rule,
                                      namespace, pod, started_at)
                select g.cluster_id, g.team_id, left(count(*) || case when count(*) = 1 then ' alert' else ' alerts' end
                           || ' on ' || g.namespace || '/' || g.pod, 200),
                       case when min(g.priority_rank) <= 2 then 'critical' when min(g.priority_rank) = 3 then 'high'
                            when min(g.priority_rank) = 4 then 'medium' else 'low' end,
                       'open', :actor, now(), :rule, g.namespace, g.pod, g.started_at
                from grouped g group by g.cluster_id, g.team_id, g.namespace, g.pod, g.started_at
                returning id, cluster_id, team_id, namespace, pod, started_at),
            linked as (
                insert into incident_alert (alert_id, incident_id, added_by)
                select g.alert_id, o.id, :actor from grouped g
                join opened o on o.cluster_id = g.cluster_id and o.namespace = g.namespace and o.pod = g.pod
                 and o.team_id is not distinct from g.team_id and o.started_at = g.started_at
                on conflict (alert_id) do nothing
                returning incident_id),
            counted as (select l.incident_id, count(*) as alerts from linked l group by l.incident_id),
            timeline as (
                insert into incident_event (incident_id, actor, kind, to_value, body)
                select o.id, :actor, 'created', 'open',
                       'opened by the rule ' || :rule || ' with ' || coalesce(n.alerts, 0) || ' alerts'
                from opened o left join counted n on n.incident_id = o.id)
            select o.id as incident_id, o.team_id, coalesce(n.alerts, 0) as alerts
            from opened o left join counted n on n.incident_id = o.id
            """;

    /** What one run did: incidents opened, and alerts that joined incidents (new or existing). */
    record Result(int opened, long grouped) {
    }

    private final JdbcClient jdbc;
    private final AuditLog audit;
    private final IncidentSettings settings;

    IncidentGrouping(JdbcClient jdbc, AuditLog audit, IncidentSettings settings) {
        this.jdbc = jdbc;
        this.audit = audit;
        this.settings = settings;
    }

    /** Groups what ingest folded up to {@code now}; the caller holds the transaction (and the job's lock). */
    Result group(Instant now) {
        IncidentSettings.Grouping rule = settings.grouping();
        OffsetDateTime since = OffsetDateTime.ofInstant(now.minus(rule.lookback()), ZoneOffset.UTC);
        List<AuditEntry> entries = new ArrayList<>();
        long grouped = 0;
        for (Row joined : run(JOIN, since)) {
            grouped += joined.alerts();
            entries.add(entry("incident.alerts_changed", joined, Map.of("rule", RULE, "added", joined.alerts())));
        }
        int opened = 0;
        for (int pass = 0; pass < MAX_PASSES; pass++) {
            List<Row> rows = run(OPEN, since);
            if (rows.isEmpty()) {
                break;
            }
            for (Row row : rows) {
                opened++;
                grouped += row.alerts();
                entries.add(entry("incident.created", row, Map.of("rule", RULE, "alerts", row.alerts())));
            }
        }
        audit.recordAll(entries);
        return new Result(opened, grouped);
    }

    private record Row(long incidentId, Long teamId, long alerts) {
    }

    private List<Row> run(String sql, OffsetDateTime since) {
        IncidentSettings.Grouping rule = settings.grouping();
        return jdbc.sql(sql)
                .param("since", since)
                .param("maxRank", rule.priority().rank())
                .param("windowSeconds", (double) rule.window().toSeconds())
                .param("actor", SYSTEM)
                .param("rule", RULE)
                .query((rs, n) -> new Row(rs.getLong("incident_id"), (Long) rs.getObject("team_id"), rs.getLong("alerts")))
                .list();
    }

    private static AuditEntry entry(String action, Row row, Map<String, ?> details) {
        return new AuditEntry(SYSTEM, AuditEntry.ActorType.system, action, "incident", String.valueOf(row.incidentId()),
                row.teamId(), AuditEntry.Outcome.success, details);
    }
}
