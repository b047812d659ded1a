package io.keelwatch.inventory.projects;

import io.keelwatch.access.TeamScope;
import io.keelwatch.access.Viewer;
import io.keelwatch.inventory.ProjectSummary;
import io.keelwatch.platform.Page;
import io.keelwatch.platform.PageRequest;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Projects as the caller may see them (through {@link TeamScope}), with their team and owners' usernames. */
@Repository
class ProjectQueries {

    private static final String SELECT = """
            select p.id, p.slug, p.name, t.slug as team, p.criticality, p.description, p.archived_at, p.created_at,
                   array(select u.username from project_owner o join app_user u on u.id = o.user_id
                         where o.project_id = p.id order by lower(u.username)) as owners
            from project p join team t on t.id = p.team_id
            """;

    private final JdbcClient jdbc;

    ProjectQueries(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Optional<ProjectSummary> bySlug(String slug, Viewer viewer) {
        return jdbc.sql(SELECT + " where p.slug = :slug and " + TeamScope.PROJECTS)
                .params(TeamScope.of(viewer).params())
                .param("slug", slug)
                .query(ProjectQueries::summary)
                .optional();
    }

    /** One page by name; {@code teamId} (when given) narrows it to one team. */
    Page<ProjectSummary> page(Long teamId, ProjectState state, PageRequest page, Viewer viewer) {
        String where = " where " + TeamScope.PROJECTS + " and (cast(:team as bigint) is null or p.team_id = :team)"
                + switch (state) {
                    case active -> " and p.archived_at is null";
                    case archived -> " and p.archived_at is not null";
                    case all -> "";
                };
        Map<String, Object> params = TeamScope.of(viewer).params();
        params.put("team", teamId);
        List<ProjectSummary> items = jdbc.sql(SELECT + where + " order by lower(p.name), p.slug limit :limit offset :offset")
                .params(params)
                .param("limit", page.size())
                .param("offset", page.offset())
                .query(ProjectQueries::summary)
                .list();
        long total = jdbc.sql("select count(*) from project p" + where).params(params).query(Long.class).single();
        return new Page<>(items, page.page(), page.size(), total);
    }

    private static ProjectSummary summary(ResultSet rs, int row) throws SQLException {
        OffsetDateTime archivedAt = rs.getObject("archived_at", OffsetDateTime.class);
        return new ProjectSummary(rs.getLong("id"), rs.getString("slug"), rs.getString("name"), rs.getString("team"),
                Criticality.tierOf(rs.getString("criticality")), rs.getString("description"), strings(rs.getArray("owners")),
                archivedAt != null, archivedAt, rs.getObject("created_at", OffsetDateTime.class));
    }

    private static List<String> strings(Array array) throws SQLException {
        return array == null ? List.of() : Arrays.asList((String[]) array.getArray());
    }
}
