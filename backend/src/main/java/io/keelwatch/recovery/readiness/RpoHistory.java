package io.keelwatch.recovery.readiness;

import io.keelwatch.access.TeamScope;
import io.keelwatch.access.Viewer;
import io.keelwatch.recovery.policies.Durations;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Each namespace's RPO on past days, derived from the backups stored (no job records it): on a UTC day, measured at its
 * end (now, for today), a namespace met its policy's RPO when a backup fully covering it had completed by then and was
 * still usable then (Completed with no errors or failure reason, not yet expired or deleted) and was taken no longer
 * than the RPO before. Measured against the policy that applies today, for the namespaces recovery reports on today
 * that the caller sees (the one visibility rule); a storage location's availability back then is not known and not
 * counted. One statement for all the days and namespaces.
 */
@Repository
class RpoHistory {

    /**
     * The namespaces with an RPO, per day of the series, with the newest backup usable at the day's measure; where
     * {@code :window:} is {@link #WITHIN_RPO}, only one taken within the RPO is looked for (what a count needs: an index
     * range per namespace and day).
     */
    private static final String MEASURED = """
            with days as (
                select cast(d as date) as day, least(d + interval '1 day', cast(:now as timestamptz)) as measured_at
                from generate_series(cast(:first as timestamptz), cast(:last as timestamptz), interval '1 day') d
            ),
            measured as (
                select d.day, d.measured_at, e.rank as environment_rank, c.name as cluster, n.namespace, p.slug as project, pol.rpo_minutes,
                       u.id as backup_id, u.name as backup, u.taken_at,
                       coalesce(u.taken_at >= d.measured_at - make_interval(mins => pol.rpo_minutes), false) as met
                from days d
                cross join recovery_namespace n
                join cluster c on c.id = n.cluster_id
                join environment e on e.id = c.environment_id
                left join project p on p.id = n.project_id
                """ + RecoveryQueries.POLICY + """
                left join lateral (
                    select b.id, b.name, coalesce(b.started_at, b.created_at) as taken_at
                    from recovery_backup b
                    where b.cluster_id = n.cluster_id and not b.label_selector and """ + Coverage.sql("b") + """
                      and coalesce(b.started_at, b.created_at) is not null :window:
                      and b.completed_at <= d.measured_at and b.errors = 0 and b.failure_reason is null
                      and (b.phase = 'Completed' or (b.phase = 'Deleting' and exists (
                               select 1 from recovery_backup_phase h where h.backup_id = b.id and h.phase = 'Completed')))
                      and (b.expires_at is null or b.expires_at > d.measured_at)
                      and coalesce(b.deletion_timestamp,
                                   (select h.seen_at from recovery_backup_phase h where h.backup_id = b.id and h.phase = 'Deleting'),
                                   b.gone_at, 'infinity') > d.measured_at
                    order by coalesce(b.started_at, b.created_at) desc
                    limit 1) u on true
                where pol.rpo_minutes is not null and :visible:
                  and (cast(:cluster as text) is null or c.name = :cluster)
                  and (cast(:project as bigint) is null or n.project_id = :project)
            )
            """;

    private static final String WITHIN_RPO = "and coalesce(b.started_at, b.created_at) >= d.measured_at - make_interval(mins => pol.rpo_minutes)";

    private final JdbcClient jdbc;

    RpoHistory(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Per day from {@code first} to {@code last} (UTC, oldest first, every day present): namespaces meeting and breaching. */
    List<RpoDay> perDay(LocalDate first, LocalDate last, String cluster, Long projectId, Viewer viewer, Instant now) {
        TeamScope scope = TeamScope.of(viewer);
        return jdbc.sql(measured(scope, WITHIN_RPO) + """
                        select d.day, count(m.namespace) filter (where m.met) as met, count(m.namespace) filter (where not m.met) as breached
                        from days d left join measured m on m.day = d.day
                        group by d.day order by d.day""")
                .params(scope.params())
                .param("first", midnight(first)).param("last", midnight(last)).param("now", Timestamp.from(now))
                .param("cluster", cluster).param("project", projectId)
                .query((rs, n) -> new RpoDay(rs.getObject("day", LocalDate.class), rs.getInt("met"), rs.getInt("breached")))
                .list();
    }

    /** The namespaces measured on one day (all, or only those that met or breached), most critical environment first. */
    List<RpoOnDay> onDay(LocalDate day, Boolean met, String cluster, Long projectId, Viewer viewer, Instant now) {
        TeamScope scope = TeamScope.of(viewer);
        return jdbc.sql(measured(scope, "") + """
                        select m.*, extract(epoch from m.measured_at - m.taken_at) / 60 as age_minutes
                        from measured m
                        where cast(:met as boolean) is null or m.met = :met
                        order by m.environment_rank desc, m.cluster, m.namespace""")
                .params(scope.params())
                .param("first", midnight(day)).param("last", midnight(day)).param("now", Timestamp.from(now))
                .param("cluster", cluster).param("project", projectId).param("met", met)
                .query((rs, n) -> new RpoOnDay(rs.getObject("day", LocalDate.class), rs.getString("cluster"), rs.getString("namespace"),
                        rs.getString("project"), Durations.text(rs.getInt("rpo_minutes")),
                        rs.getBoolean("met"), rs.getObject("backup_id", Long.class), rs.getString("backup"),
                        RecoveryQueries.time(rs, "taken_at"), rs.getObject("age_minutes") == null ? null : rs.getLong("age_minutes"),
                        RecoveryQueries.time(rs, "measured_at")))
                .list();
    }

    private static String measured(TeamScope scope, String window) {
        return MEASURED.replace(":visible:", scope.covers("n.team_id")).replace(":window:", window);
    }

    private static Timestamp midnight(LocalDate day) {
        return Timestamp.from(day.atStartOfDay(ZoneOffset.UTC).toInstant());
    }
}
