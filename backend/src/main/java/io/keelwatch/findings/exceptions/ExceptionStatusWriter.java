package io.keelwatch.findings.exceptions;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * What exceptions do to findings' status, set-based: applying or releasing an exception is one
 * statement over all the findings it matches, whatever their number.
 */
@Repository
public class ExceptionStatusWriter {

    /**
     * A finding whose status an exception set (or, released, gave back); from {@link #lapse} also an
     * exception that released none ({@code findingId} 0), whose {@code teamId} is null for a mute of a cluster alone.
     */
    public record Change(long findingId, long projectId, Long teamId, long exceptionId, String before, String after) {
    }

    /**
     * Applying: only approved, unexpired exceptions, and only actionable findings or findings an
     * exception holds take one; fixed ones stay fixed, and a person's own decision is not
     * overridden. Where several exceptions match, the most specific
     * ({@link ExceptionMatching#MOST_SPECIFIC_FIRST}) wins — also over the exception holding the
     * finding, so an exception approved later that is more specific takes the finding over, and one
     * less specific changes nothing. Placeholders: the match, the held findings, the findings chosen,
     * the order, the winners to write ({@link #apply}).
     */
    private static final String APPLY = """
            with ranked as (
                select distinct on (f.id) f.id as finding_id, f.project_id, fp.team_id, e.id as exception_id,
                       f.status as before, e.kind as after, f.exception_id as holder
                from finding f
                join project fp on fp.id = f.project_id
                join finding_exception e on e.state = 'approved'
                     and (e.expires_at is null or e.expires_at > :now) and e.lapsed_at is null
                     and %1$s
                where (f.status in ('open', 'in_progress') or %2$s) and %3$s
                order by f.id, %4$s
            ),
            matched as (
                select * from ranked r where r.exception_id is distinct from r.holder and %5$s
            ),
            updated as (
                update finding f set status = m.after, exception_id = m.exception_id
                from matched m where f.id = m.finding_id
                returning f.id
            )
            select m.finding_id, m.project_id, m.team_id, m.exception_id, m.before, m.after
            from matched m join updated u on u.id = m.finding_id
            """;

    private final JdbcClient jdbc;

    ExceptionStatusWriter(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Applies every approved exception to the actionable findings of one image of a project (an import). */
    public List<Change> applyToImage(long projectId, long imageId, Instant now) {
        return jdbc.sql(apply("f.project_id = :project and f.image_id = :image", "true"))
                .param("project", projectId)
                .param("image", imageId)
                .param("now", Timestamp.from(now))
                .query(ExceptionStatusWriter::change)
                .list();
    }

    /**
     * Applies every approved exception to the actionable findings of a cluster (an import of its own
     * findings). Those without a project (no namespace rule gives their namespace to a team) match none.
     */
    public List<Change> applyToCluster(long clusterId, Instant now) {
        return jdbc.sql(apply("f.cluster_id = :cluster", "true"))
                .param("cluster", clusterId)
                .param("now", Timestamp.from(now))
                .query(ExceptionStatusWriter::change)
                .list();
    }

    /** Applies every approved exception to the actionable findings of these projects. */
    public List<Change> applyToProjects(Long[] projectIds, Instant now) {
        return jdbc.sql(apply("f.project_id = any(:projects)", "true"))
                .param("projects", projectIds)
                .param("now", Timestamp.from(now))
                .query(ExceptionStatusWriter::change)
                .list();
    }

    /** Applies one (just approved) exception across its whole scope. */
    public List<Change> applyOne(long exceptionId, Instant now) {
        // the findings of its team with its id, where it may win; it is written where it does
        return jdbc.sql(apply("""
                        fp.team_id = (select team_id from finding_exception where id = :exception)
                        and (select match_id from finding_exception where id = :exception) in (f.vulnerability_id, f.rule_id)""",
                        "r.exception_id = :exception"))
                .param("exception", exceptionId)
                .param("now", Timestamp.from(now))
                .query(ExceptionStatusWriter::change)
                .list();
    }

    /**
     * Gives back the findings of a revoked exception: those still carrying its status reopen, fixed
     * ones stay fixed; none keeps pointing at it.
     */
    public List<Change> release(long exceptionId) {
        return jdbc.sql("""
                with released as (
                    select f.id, f.project_id, f.status as before, e.id as exception_id, e.team_id
                    from finding f join finding_exception e on e.id = f.exception_id
                    where f.exception_id = :exception for update of f
                )
                update finding f set exception_id = null,
                       status = %s
                from released r where f.id = r.id
                returning f.id as finding_id, f.project_id, r.team_id, r.exception_id, r.before, f.status as after
                """.formatted(ExceptionMatching.RELEASED_STATUS))
                .param("exception", exceptionId)
                .query(ExceptionStatusWriter::change)
                .list();
    }

    /**
     * Marks approved exceptions past their expiry as lapsed and releases their findings, in one
     * statement. Marking makes the job idempotent: a lapsed exception is never processed again.
     */
    public List<Change> lapse(Instant now) {
        return jdbc.sql("""
                with lapsed as (
                    update finding_exception set lapsed_at = :now
                    where state = 'approved' and lapsed_at is null and expires_at <= :now
                    returning id, team_id
                ),
                released as (
                    update finding f set exception_id = null,
                           status = %s
                    from lapsed l where f.exception_id = l.id
                    returning f.id, f.project_id, l.team_id, l.id as exception_id, f.status as after
                )
                select l.id as exception_id, l.team_id, r.id as finding_id, r.project_id, r.after
                from lapsed l left join released r on r.exception_id = l.id
                """.formatted(ExceptionMatching.RELEASED_STATUS))
                .param("now", Timestamp.from(now))
                .query((rs, n) -> new Change(rs.getLong("finding_id"), rs.getLong("project_id"), rs.getObject("team_id", Long.class),
                        rs.getLong("exception_id"), null, rs.getString("after")))
                .list();
    }

    /** The apply statement for the findings {@code where} selects (the matching rule's {@code %} patterns stay out of the format). */
    /** The statement for the findings {@code where} chooses, writing the winners {@code winners} keeps. */
    private static String apply(String where, String winners) {
        return APPLY.formatted(ExceptionMatching.MATCHES, ExceptionMatching.HELD_BY_AN_EXCEPTION, where,
                ExceptionMatching.MOST_SPECIFIC_FIRST, winners);
    }

    private static Change change(ResultSet rs, int n) throws SQLException {
        return new Change(rs.getLong("finding_id"), rs.getLong("project_id"), rs.getLong("team_id"), rs.getLong("exception_id"),
                rs.getString("before"), rs.getString("after"));
    }
}
