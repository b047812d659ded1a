package io.keelwatch.findings.triage;

import io.keelwatch.access.TeamScope;
import io.keelwatch.access.Viewer;
import io.keelwatch.findings.FindingComment;
import io.keelwatch.findings.FindingFilter;
import io.keelwatch.findings.list.FindingQueries;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Triage writes: one finding with its row locked, or every finding of a filter in one statement. */
@Repository
class TriageWriter {

    /** A finding as triage sees it before changing it. */
    record Target(long id, Long projectId, Long teamId, String teamSlug, String status, Long assigneeId, String assignee,
            Long exceptionId) {
    }

    /** A finding a bulk change altered, with what it was before. */
    record Changed(long id, Long projectId, Long teamId, String beforeStatus, String afterStatus, String beforeAssignee,
            String afterAssignee) {
    }

    private final JdbcClient jdbc;
    private final FindingQueries queries;

    TriageWriter(JdbcClient jdbc, FindingQueries queries) {
        this.jdbc = jdbc;
        this.queries = queries;
    }

    Optional<Target> lock(long id, Viewer viewer) {
        return jdbc.sql("""
                select f.id, f.project_id, p.team_id, t.slug as team_slug, f.status, f.assignee_id,
                       u.username as assignee, f.exception_id
                from finding f
                left join project p on p.id = f.project_id
                left join team t on t.id = p.team_id
                left join app_user u on u.id = f.assignee_id
                where f.id = :id and %s
                for update of f
                """.formatted(TeamScope.PROJECTS))
                .params(TeamScope.of(viewer).params())
                .param("id", id)
                .query(Target.class)
                .optional();
    }

    /** A person's status decision replaces an exception's: the finding no longer points at it. */
    void update(long id, String status, Long assigneeId, boolean statusChanged) {
        jdbc.sql("""
                update finding set status = :status, assignee_id = :assignee,
                       exception_id = case when :statusChanged then null else exception_id end,
                       fixed_at = case when :status = 'fixed' then coalesce(fixed_at, now())
                                       when :statusChanged then null else fixed_at end
                where id = :id
                """)
                .param("status", status)
                .param("assignee", assigneeId)
                .param("statusChanged", statusChanged)
                .param("id", id)
                .update();
    }

    FindingComment comment(long findingId, String author, String body) {
        return jdbc.sql("""
                insert into finding_comment (finding_id, author, body) values (:finding, :author, :body)
                returning id, finding_id, author, body, created_at
                """)
                .param("finding", findingId)
                .param("author", author)
                .param("body", body)
                .query(FindingComment.class)
                .single();
    }

    List<FindingComment> comments(long findingId) {
        return jdbc.sql("select id, finding_id, author, body, created_at from finding_comment where finding_id = :f order by created_at, id")
                .param("f", findingId)
                .query(FindingComment.class)
                .list();
    }

    /**
     * Changes every finding the filter selects for the viewer, in one statement, and answers what
     * each was before. Rows already in the wanted state are not touched (nor audited).
     *
     * @param assigneeId      the new assignee, when {@code setAssignee}; null unassigns
     * @param assignee        whom the findings are assigned to, when {@code setAssignee}: findings they
     *                        cannot see are left alone, so nobody is assigned what they cannot see
     */
    public List<Changed> bulk(FindingFilter filter, Viewer viewer, String status, boolean setAssignee, Long assigneeId,
            Optional<Viewer> assignee) {
        Map<String, Object> params = new HashMap<>();
        String where = queries.condition(filter, viewer, params);
        if (setAssignee && assignee.isPresent()) {
            TeamScope assigneeScope = TeamScope.of(assignee.get(), "assignee");
            where += " and " + assigneeScope.covers("p.team_id");
            params.putAll(assigneeScope.params());
        }
        params.put("status", status);
        params.put("setAssignee", setAssignee);
        params.put("assignee", assigneeId);
        return jdbc.sql("""
                with target as (
                    select f.id, f.project_id, p.team_id, f.status, f.assignee_id
                    from finding f
                    left join project p on p.id = f.project_id
                    left join image i on i.id = f.image_id
                    left join cluster c on c.id = f.cluster_id
                    where %s
                      and (f.status, f.assignee_id) is distinct from
                          (coalesce(cast(:status as text), f.status), case when :setAssignee then cast(:assignee as bigint) else f.assignee_id end)
                    for update of f
                ),
                changed as (
                    update finding f set status = coalesce(cast(:status as text), f.status),
                           assignee_id = case when :setAssignee then cast(:assignee as bigint) else f.assignee_id end,
                           exception_id = case when cast(:status as text) is not null and f.status <> cast(:status as text) then null else f.exception_id end,
                           fixed_at = case when cast(:status as text) = 'fixed' then coalesce(f.fixed_at, now())
                                           when cast(:status as text) is not null then null else f.fixed_at end
                    from target t where f.id = t.id
                    returning f.id, f.status, f.assignee_id
                )
                select t.id, t.project_id, t.team_id, t.status as before_status, c.status as after_status,
                       (select username from app_user where id = t.assignee_id) as before_assignee,
                       (select username from app_user where id = c.assignee_id) as after_assignee
                from target t join changed c on c.id = t.id
                """.formatted(where))
                .params(params)
                .query(Changed.class)
                .list();
    }
}
