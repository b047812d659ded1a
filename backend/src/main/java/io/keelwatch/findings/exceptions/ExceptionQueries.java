package io.keelwatch.findings.exceptions;

import io.keelwatch.access.TeamScope;
import io.keelwatch.access.Viewer;
import io.keelwatch.findings.CoveredFinding;
import io.keelwatch.findings.ExceptionKind;
import io.keelwatch.findings.ExceptionState;
import io.keelwatch.findings.FindingExceptionSummary;
import io.keelwatch.findings.FindingStatus;
import io.keelwatch.findings.GateWaiverTerms;
import io.keelwatch.findings.MuteTerms;
import io.keelwatch.findings.Severity;
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

/** Reads of exceptions, each within the caller's {@link TeamScope}. */
@Repository
public class ExceptionQueries {

    /** An exception row with what access checks need; {@code teamId} null: a mute of a cluster alone. */
    public record Stored(FindingExceptionSummary summary, Long teamId, Long projectId) {
    }

    private static final String SELECT = """
            select e.id, t.slug as team, p.slug as project, e.match_id, e.package_name, e.kind, e.justification,
                   e.vex_justification, e.state, e.proposed_by, e.proposed_at, e.approved_by, e.decided_by, e.decided_at,
                   e.decision_comment,
                   e.expires_at, e.lapsed_at, e.source, e.team_id, e.project_id,
                   (select count(*) from finding f where f.exception_id = e.id) as findings_covered,
                   e.subject, cl.name as cluster, e.namespace_pattern, e.workload_pattern, e.image_pattern, e.image_digest
            from finding_exception e
            left join team t on t.id = e.team_id
            left join project p on p.id = e.project_id
            left join cluster cl on cl.id = e.cluster_id
            """;

    private final JdbcClient jdbc;

    ExceptionQueries(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** @param lock whether to lock the row for a decision, so two leads deciding at once are serialised */
    public Optional<Stored> find(long id, Viewer viewer, boolean lock) {
        TeamScope scope = TeamScope.of(viewer);
        Map<String, Object> params = scope.params();
        params.put("id", id);
        return jdbc.sql(SELECT + " where e.id = :id and " + scope.covers("e.team_id") + (lock ? " for update of e" : ""))
                .params(params)
                .query(ExceptionQueries::stored)
                .optional();
    }

    /**
     * Every exception, in any state, that matches one finding (by {@link #MATCHES}), in one
     * statement: the one that set the finding's status first, then newest first.
     */
    public List<FindingExceptionSummary> matchingFinding(long findingId, Viewer viewer) {
        TeamScope scope = TeamScope.of(viewer);
        Map<String, Object> params = scope.params();
        params.put("finding", findingId);
        return jdbc.sql(SELECT + """
                 join finding f on f.id = :finding
                 join project fp on fp.id = f.project_id
                 where %s and %s
                 order by coalesce(e.id = f.exception_id, false) desc, e.proposed_at desc, e.id desc
                """.formatted(ExceptionMatching.MATCHES, scope.covers("e.team_id")))
                .params(params)
                .query((rs, n) -> stored(rs, n).summary())
                .list();
    }

    /**
     * What an exception covers: the findings of its scope it matches ({@link ExceptionMatching#MATCHES}) that
     * carry its status, or are actionable (open, in progress) and would take it on approval. Fixed findings and
     * a person's own decisions are left out, as applying leaves them. The ones it set first, then by severity.
     */
    private static final String COVERED = """
            from finding_exception e
            join project fp on fp.team_id = e.team_id
            join finding f on f.project_id = fp.id
            join image i on i.id = f.image_id
            where e.id = :id and %s and %s
              and (f.exception_id = e.id or f.status in ('open', 'in_progress'))
            """;

    public List<CoveredFinding> covered(long id, PageRequest page, Viewer viewer) {
        TeamScope scope = TeamScope.of(viewer);
        Map<String, Object> params = scope.params();
        params.put("id", id);
        params.put("limit", page.size());
        params.put("offset", page.offset());
        return jdbc.sql("""
                select f.id, fp.slug as project, i.repository, i.digest, e.match_id, f.package_name, f.installed_version,
                       f.severity, f.status, coalesce(f.exception_id = e.id, false) as set_by_exception
                """ + COVERED.formatted(ExceptionMatching.MATCHES, scope.covers("e.team_id"))
                + " order by set_by_exception desc, f.severity_rank, f.id limit :limit offset :offset")
                .params(params)
                .query((rs, n) -> new CoveredFinding(rs.getLong("id"), rs.getString("project"), rs.getString("repository"),
                        rs.getString("digest"), rs.getString("match_id"), rs.getString("package_name"),
                        rs.getString("installed_version"), Severity.valueOf(rs.getString("severity")),
                        FindingStatus.valueOf(rs.getString("status")), rs.getBoolean("set_by_exception")))
                .list();
    }

    public long countCovered(long id, Viewer viewer) {
        TeamScope scope = TeamScope.of(viewer);
        Map<String, Object> params = scope.params();
        params.put("id", id);
        return jdbc.sql("select count(*) " + COVERED.formatted(ExceptionMatching.MATCHES, scope.covers("e.team_id")))
                .params(params)
                .query(Long.class)
                .single();
    }

    public List<FindingExceptionSummary> list(ExceptionState state, String project, PageRequest page, Viewer viewer) {
        TeamScope scope = TeamScope.of(viewer);
        Map<String, Object> params = scope.params();
        String where = where(state, project, scope, params);
        params.put("limit", page.size());
        params.put("offset", page.offset());
        return jdbc.sql(SELECT + " where " + where + " order by e.proposed_at desc, e.id desc limit :limit offset :offset")
                .params(params)
                .query((rs, n) -> stored(rs, n).summary())
                .list();
    }

    public long count(ExceptionState state, String project, Viewer viewer) {
        TeamScope scope = TeamScope.of(viewer);
        Map<String, Object> params = scope.params();
        return jdbc.sql("select count(*) from finding_exception e left join project p on p.id = e.project_id where "
                        + where(state, project, scope, params))
                .params(params)
                .query(Long.class)
                .single();
    }

    /** Approved exceptions that lapsed since {@code since}, for the teams the viewer sees. */
    public List<FindingExceptionSummary> lapsedSince(Instant since, Viewer viewer) {
        TeamScope scope = TeamScope.of(viewer);
        Map<String, Object> params = scope.params();
        params.put("since", Timestamp.from(since));
        // mutes lapse too, but reopen no finding: the findings pages' notice is about findings
        return jdbc.sql(SELECT + " where e.lapsed_at >= :since and e.subject = 'finding' and " + scope.covers("e.team_id")
                        + " order by e.lapsed_at desc limit 20")
                .params(params)
                .query((rs, n) -> stored(rs, n).summary())
                .list();
    }

    /** The approved, unexpired exceptions that cover a project (its own and its team's). */
    public List<FindingExceptionSummary> activeForProject(long projectId, long teamId, Instant now) {
        return jdbc.sql(SELECT + """
                 where e.team_id = :team and (e.project_id is null or e.project_id = :project) and e.state = 'approved'
                   and e.subject = 'finding'
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
                    where subject = 'finding' and team_id = :team and project_id is not distinct from :project and match_id = :match
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

    /** Cheap test before the matching statement, so importing into a team without exceptions costs one index probe. */
    public boolean teamHasApproved(long teamId) {
        return jdbc.sql("select exists (select 1 from finding_exception where team_id = :team and state = 'approved' and lapsed_at is null and subject = 'finding')")
                .param("team", teamId)
                .query(Boolean.class)
                .single();
    }

    private static String where(ExceptionState state, String project, TeamScope scope, Map<String, Object> params) {
        String where = scope.covers("e.team_id");
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

    private static Stored stored(ResultSet rs, int n) throws SQLException {
        String vex = rs.getString("vex_justification");
        FindingExceptionSummary summary = new FindingExceptionSummary(rs.getLong("id"), rs.getString("team"),
                rs.getString("project"), rs.getString("match_id"), rs.getString("package_name"),
                ExceptionKind.valueOf(rs.getString("kind")), rs.getString("justification"),
                vex == null ? null : VexJustification.valueOf(vex), ExceptionState.valueOf(rs.getString("state")),
                rs.getString("proposed_by"), rs.getObject("proposed_at", OffsetDateTime.class), rs.getString("approved_by"),
                rs.getString("decided_by"), rs.getObject("decided_at", OffsetDateTime.class), rs.getString("decision_comment"),
                rs.getObject("expires_at", OffsetDateTime.class), rs.getObject("lapsed_at", OffsetDateTime.class),
                rs.getString("source"), rs.getLong("findings_covered"), "runtime_rule".equals(rs.getString("subject"))
                        ? new MuteTerms(rs.getString("cluster"), rs.getString("namespace_pattern"), rs.getString("workload_pattern"),
                                rs.getString("image_pattern"))
                        : null,
                "gate_rule".equals(rs.getString("subject")) ? new GateWaiverTerms(rs.getString("image_pattern"), rs.getString("image_digest"))
                        : null);
        return new Stored(summary, rs.getObject("team_id", Long.class), rs.getObject("project_id", Long.class));
    }
}
