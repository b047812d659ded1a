package io.keelwatch.inventory;

import io.keelwatch.access.TeamScope;
import io.keelwatch.access.Viewer;
import io.keelwatch.inventory.rules.RepositoryGlobs;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class Projects {

    private static final String SELECT = """
            select p.id, p.slug, p.name, p.team_id, t.slug as team_slug, p.criticality
            from project p join team t on t.id = p.team_id
            """;

    private final JdbcClient jdbc;

    Projects(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    long insert(long teamId, String slug, String name, String criticality) {
        return jdbc.sql("insert into project (team_id, slug, name, criticality) values (:team, :slug, :name, :crit) returning id")
                .param("team", teamId)
                .param("slug", slug)
                .param("name", name)
                .param("crit", criticality)
                .query(Long.class)
                .single();
    }

    Optional<ProjectRef> findBySlug(String slug) {
        return jdbc.sql(SELECT + " where p.slug = :slug").param("slug", slug).query(ProjectRef.class).optional();
    }

    Optional<ProjectRef> findById(long id) {
        return jdbc.sql(SELECT + " where p.id = :id").param("id", id).query(ProjectRef.class).optional();
    }

    /** The projects the viewer sees that take scans, by name. */
    List<ProjectRef> visibleTo(Viewer viewer) {
        return jdbc.sql(SELECT + " where " + TeamScope.PROJECTS + " and p.archived_at is null order by p.name")
                .params(TeamScope.of(viewer).params())
                .query(ProjectRef.class)
                .list();
    }

    boolean archived(long id) {
        return jdbc.sql("select archived_at is not null from project where id = :id").param("id", id).query(Boolean.class).single();
    }

    void addRule(long projectId, String pattern) {
        jdbc.sql("insert into repository_rule (project_id, pattern) values (:project, :pattern)")
                .param("project", projectId)
                .param("pattern", pattern)
                .update();
    }

    /** The project of the most specific rule matching the repository ({@link RepositoryGlobs}), whoever may see it. */
    Optional<Long> projectForRepository(String repository) {
        return jdbc.sql("select r.project_id from repository_rule r where %s order by %s limit 1"
                        .formatted(RepositoryGlobs.MATCHES.formatted("r.pattern"), RepositoryGlobs.MOST_SPECIFIC_FIRST.formatted("r")))
                .param("repository", repository)
                .query(Long.class)
                .optional();
    }
}
