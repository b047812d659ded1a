package io.keelwatch.findings.exceptions;

import io.keelwatch.access.Viewer;
import io.keelwatch.findings.ExceptionKind;
import io.keelwatch.findings.ExceptionState;
import io.keelwatch.findings.FindingExceptionSummary;
import io.keelwatch.findings.FindingKind;
import io.keelwatch.findings.ExceptionProposal;
import io.keelwatch.findings.TeamVisibility;
import io.keelwatch.findings.VexJustification;
import io.keelwatch.platform.PageRequest;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Exceptions and their effect on findings, set-based: applying or releasing an exception is one
 * statement over all the findings it matches, whatever their number.
 */
@Repository
public class FindingExceptions {

    /** An exception row with what access checks need. */
    public record Stored(FindingExceptionSummary summary, long teamId, Long projectId) {
    }

    /** A finding whose status an exception set (or, released, gave back). */
    record Change(long findingId, long projectId, long teamId, long exceptionId, String before, String after) {
    }

    private static final String VISIBLE = TeamVisibility.visible("e.team_id");

    private static final String SELECT = """
            select e.id, t.slug as team, p.slug as project, e.match_id, e.package_name, e.kind, e.justification,
                   e.vex_justification, e.state, e.proposed_by, e.proposed_at, e.approved_by, e.decided_by, e.decided_at,
                   e.expires_at, e.lapsed_at, e.source, e.team_id, e.project_id,
                   (select count(*) from finding f where f.exception_id = e.id) as findings_covered
            from finding_exception e
            join team t on t.id = e.team_id
            left join project p on p.id = e.project_id
            """;

    /**
     * The matching rule, in one place: exception {@code e} covers finding {@code f} of project
     * {@code fp} when it belongs to the project's team, names the project or none (the whole team),
     * names the finding's package or none, and names its vulnerability or check id.
     */
    private static final String MATCHES = """
            e.team_id = fp.team_id and (e.project_id is null or e.project_id = f.project_id)
                 and (e.package_name is null or e.package_name = f.package_name)
                 and e.match_id in (f.vulnerability_id, f.rule_id)""";

    /**
     * Applying: only approved, unexpired exceptions, and only actionable findings take one; fixed
     * ones stay fixed, and a person's own decision is not overridden. Where several exceptions
     * match, the most specific (project before team, package before any) wins.
     */
    private static final String APPLY = """
            with matched as (
                select distinct on (f.id) f.id as finding_id, f.project_id, fp.team_id, e.id as exception_id,
                       f.status as before, e.kind as after
                from finding f
                join project fp on fp.id = f.project_id
                join finding_exception e on e.state = 'approved'
                     and (e.expires_at is null or e.expires_at > :now) and e.lapsed_at is null
                     and\s""" + MATCHES + """

                where f.status in ('open', 'in_progress') and %s
                order by f.id, e.project_id is null, e.package_name is null, e.id
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

    FindingExceptions(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public long insert(long teamId, Long projectId, ExceptionProposal request, VexJustification vex, String proposedBy,
            String source) {
        return jdbc.sql("""
                insert into finding_exception (team_id, project_id, package_name, match_id, kind, justification,
                                               vex_justification, proposed_by, expires_at, source)
                values (:team, :project, :package, :match, :kind, :justification, :vex, :by, :expires, :source)
                returning id
                """)
                .param("team", teamId)
                .param("project", projectId)
                .param("package", request.packageName())
                .param("match", request.matchId())
                .param("kind", request.kind().name())
                .param("justification", request.justification())
                .param("vex", vex == null ? null : vex.name())
                .param("by", proposedBy)
                .param("expires", request.expiresAt())
                .param("source", source)
                .query(Long.class)
                .single();
    }

    /** @param lock whether to lock the row for a decision, so two leads deciding at once are serialised */
    public Optional<Stored> find(long id, Viewer viewer, boolean lock) {
        Map<String, Object> params = TeamVisibility.params(viewer);
        params.put("id", id);
        return jdbc.sql(SELECT + " where e.id = :id and " + VISIBLE + (lock ? " for update of e" : ""))
                .params(params)
                .query(FindingExceptions::stored)
                .optional();
    }

    /**
     * Every exception, in any state, that matches one finding (by {@link #MATCHES}), in one
     * statement: the one that set the finding's status first, then newest first.
     */
    public List<FindingExceptionSummary> matchingFinding(long findingId, Viewer viewer) {
        Map<String, Object> params = TeamVisibility.params(viewer);
        params.put("finding", findingId);
        return jdbc.sql(SELECT + """
                 join finding f on f.id = :finding
                 join project fp on fp.id = f.project_id
                 where %s and %s
                 order by coalesce(e.id = f.exception_id, false) desc, e.proposed_at desc, e.id desc
                """.formatted(MATCHES, VISIBLE))
                .params(params)
                .query((rs, n) -> stored(rs, n).summary())
                .list();
    }

    /** Writes an edit; the caller has locked the row ({@link #find} with {@code lock}) and checked it. */
    public void update(long id, String justification, String packageName, OffsetDateTime expiresAt) {
        jdbc.sql("update finding_exception set justification = :justification, package_name = :package, expires_at = :expires where id = :id")
                .param("justification", justification)
                .param("package", packageName)
                .param("expires", expiresAt)
                .param("id", id)
                .update();
    }

    public List<FindingExceptionSummary> list(ExceptionState state, String project, PageRequest page, Viewer viewer) {
        Map<String, Object> params = TeamVisibility.params(viewer);
        String where = where(state, project, params);
        params.put("limit", page.size());
        params.put("offset", page.offset());
        return jdbc.sql(SELECT + " where " + where + " order by e.proposed_at desc, e.id desc limit :limit offset :offset")
                .params(params)
                .query((rs, n) -> stored(rs, n).summary())
                .list();
    }

    public long count(ExceptionState state, String project, Viewer viewer) {
        Map<String, Object> params = TeamVisibility.params(viewer);
        return jdbc.sql("select count(*) from finding_exception e left join project p on p.id = e.project_id where "
                        + where(state, project, params))
                .params(params)
                .query(Long.class)
                .single();
    }

    /** Approved exceptions that lapsed since {@code since}, for the teams the viewer sees. */
    public List<FindingExceptionSummary> lapsedSince(Instant since, Viewer viewer) {
        Map<String, Object> params = TeamVisibility.params(viewer);
        params.put("since", Timestamp.from(since));
        return jdbc.sql(SELECT + " where e.lapsed_at >= :since and " + VISIBLE + " order by e.lapsed_at desc limit 20")
                .params(params)
                .query((rs, n) -> stored(rs, n).summary())
                .list();
    }

    /** The approved, unexpired exceptions that cover a project (its own and its team's). */
    public List<FindingExceptionSummary> activeForProject(long projectId, long teamId, Instant now) {
        return jdbc.sql(SELECT + """
                 where e.team_id = :team and (e.project_id is null or e.project_id = :project) and e.state = 'approved'
                   and e.lapsed_at is null and (e.expires_at is null or e.expires_at > :now)
                 order by e.match_id, e.id
                """)
                .param("team", teamId)
                .param("project", projectId)
                .param("now", Timestamp.from(now))
                .query((rs, n) -> stored(rs, n).summary())
                .list();
    }

    /** Whether an open decision (proposed, or approved and not lapsed) already says this, so a re-import adds nothing. */
    public boolean alreadyDecided(long teamId, Long projectId, String matchId, String packageName, ExceptionKind kind) {
        return jdbc.sql("""
                select exists (select 1 from finding_exception
                    where team_id = :team and project_id is not distinct from :project and match_id = :match
                      and package_name is not distinct from :package and kind = :kind
                      and (state = 'proposed' or (state = 'approved' and lapsed_at is null)))
                """)
                .param("team", teamId)
                .param("project", projectId)
                .param("match", matchId)
                .param("package", packageName)
                .param("kind", kind.name())
                .query(Boolean.class)
                .single();
    }

    public void decide(long id, ExceptionState state, String by, Instant now) {
        jdbc.sql("""
                update finding_exception set state = :state, decided_by = :by, decided_at = :now,
                       approved_by = case when :state = 'approved' then :by else approved_by end
                where id = :id
                """)
                .param("state", state.name())
                .param("by", by)
                .param("now", Timestamp.from(now))
                .param("id", id)
                .update();
    }

    /** Cheap test before the matching statement, so importing into a team without exceptions costs one index probe. */
    boolean teamHasApproved(long teamId) {
        return jdbc.sql("select exists (select 1 from finding_exception where team_id = :team and state = 'approved' and lapsed_at is null)")
                .param("team", teamId)
                .query(Boolean.class)
                .single();
    }

    /** Applies every approved exception to the actionable findings of one image of a project (an import). */
    List<Change> applyToImage(long projectId, long imageId, Instant now) {
        return jdbc.sql(APPLY.formatted("f.project_id = :project and f.image_id = :image"))
                .param("project", projectId)
                .param("image", imageId)
                .param("now", Timestamp.from(now))
                .query(FindingExceptions::change)
                .list();
    }

    /** Applies every approved exception to the actionable findings of these projects. */
    List<Change> applyToProjects(Long[] projectIds, Instant now) {
        return jdbc.sql(APPLY.formatted("f.project_id = any(:projects)"))
                .param("projects", projectIds)
                .param("now", Timestamp.from(now))
                .query(FindingExceptions::change)
                .list();
    }

    /** Applies one (just approved) exception across its whole scope. */
    List<Change> applyOne(long exceptionId, Instant now) {
        return jdbc.sql(APPLY.formatted("""
                        fp.team_id = (select team_id from finding_exception where id = :exception)
                        and e.id = :exception"""))
                .param("exception", exceptionId)
                .param("now", Timestamp.from(now))
                .query(FindingExceptions::change)
                .list();
    }

    /**
     * Gives back the findings of a revoked exception: those still carrying its status reopen, fixed
     * ones stay fixed; none keeps pointing at it.
     */
    List<Change> release(long exceptionId) {
        return jdbc.sql("""
                with released as (
                    select f.id, f.project_id, f.status as before, e.id as exception_id, e.team_id
                    from finding f join finding_exception e on e.id = f.exception_id
                    where f.exception_id = :exception for update of f
                )
                update finding f set exception_id = null,
                       status = case when f.status in ('risk_accepted', 'false_positive', 'not_affected') then 'open' else f.status end
                from released r where f.id = r.id
                returning f.id as finding_id, f.project_id, r.team_id, r.exception_id, r.before, f.status as after
                """)
                .param("exception", exceptionId)
                .query(FindingExceptions::change)
                .list();
    }

    /**
     * Marks approved exceptions past their expiry as lapsed and releases their findings, in one
     * statement. Marking makes the job idempotent: a lapsed exception is never processed again.
     */
    List<Change> lapse(Instant now) {
        return jdbc.sql("""
                with lapsed as (
                    update finding_exception set lapsed_at = :now
                    where state = 'approved' and lapsed_at is null and expires_at <= :now
                    returning id, team_id
                ),
                released as (
                    update finding f set exception_id = null,
                           status = case when f.status in ('risk_accepted', 'false_positive', 'not_affected') then 'open' else f.status end
                    from lapsed l where f.exception_id = l.id
                    returning f.id, f.project_id, l.team_id, l.id as exception_id, f.status as after
                )
                select l.id as exception_id, l.team_id, r.id as finding_id, r.project_id, r.after
                from lapsed l left join released r on r.exception_id = l.id
                """)
                .param("now", Timestamp.from(now))
                .query((rs, n) -> new Change(rs.getLong("finding_id"), rs.getLong("project_id"), rs.getLong("team_id"),
                        rs.getLong("exception_id"), null, rs.getString("after")))
                .list();
    }

    /** A finding of a project that an exception matches, as far as an OpenVEX statement needs it. */
    public record Matched(long exceptionId, FindingKind kind, String purl, String repository, String artifactType) {
    }

    /**
     * The project's findings that these exceptions match ({@link #MATCHES}), in any status and image,
     * in one statement: the packages and images an exported statement names.
     */
    public List<Matched> matchedInProject(Long[] exceptionIds, long projectId) {
        return jdbc.sql("""
                select distinct e.id as exception_id, f.kind, f.purl, i.repository, i.artifact_type
                from finding f
                join project fp on fp.id = f.project_id
                join image i on i.id = f.image_id
                join finding_exception e on e.id = any(:exceptions) and %s
                where f.project_id = :project
                order by 1, 4, 3
                """.formatted(MATCHES))
                .param("exceptions", exceptionIds)
                .param("project", projectId)
                .query((rs, n) -> new Matched(rs.getLong("exception_id"), FindingKind.valueOf(rs.getString("kind")),
                        rs.getString("purl"), rs.getString("repository"), rs.getString("artifact_type")))
                .list();
    }

    /** Repositories of the project's container images (the products an OpenVEX statement can name). */
    public List<String> containerRepositories(long projectId) {
        return jdbc.sql("""
                select distinct i.repository from finding f join image i on i.id = f.image_id
                where f.project_id = :project and i.artifact_type = 'container_image' order by 1
                """)
                .param("project", projectId)
                .query(String.class)
                .list();
    }

    private static String where(ExceptionState state, String project, Map<String, Object> params) {
        String where = VISIBLE;
        if (state != null) {
            where += " and e.state = :state";
            params.put("state", state.name());
        }
        if (project != null && !project.isBlank()) {
            // a project's exceptions include its team's
            where += " and (p.slug = :project or (e.project_id is null and e.team_id = (select team_id from project where slug = :project)))";
            params.put("project", project.trim());
        }
        return where;
    }

    private static Change change(ResultSet rs, int n) throws SQLException {
        return new Change(rs.getLong("finding_id"), rs.getLong("project_id"), rs.getLong("team_id"), rs.getLong("exception_id"),
                rs.getString("before"), rs.getString("after"));
    }

    private static Stored stored(ResultSet rs, int n) throws SQLException {
        String vex = rs.getString("vex_justification");
        FindingExceptionSummary summary = new FindingExceptionSummary(rs.getLong("id"), rs.getString("team"),
                rs.getString("project"), rs.getString("match_id"), rs.getString("package_name"),
                ExceptionKind.valueOf(rs.getString("kind")), rs.getString("justification"),
                vex == null ? null : VexJustification.valueOf(vex), ExceptionState.valueOf(rs.getString("state")),
                rs.getString("proposed_by"), rs.getObject("proposed_at", OffsetDateTime.class), rs.getString("approved_by"),
                rs.getString("decided_by"), rs.getObject("decided_at", OffsetDateTime.class),
                rs.getObject("expires_at", OffsetDateTime.class), rs.getObject("lapsed_at", OffsetDateTime.class),
                rs.getString("source"), rs.getLong("findings_covered"));
        return new Stored(summary, rs.getLong("team_id"), (Long) rs.getObject("project_id", Long.class));
    }
}
