package io.keelwatch.inventory.rules;

import io.keelwatch.access.TeamScope;
import io.keelwatch.access.Viewer;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Repository rules as the caller may see them: through their project's team ({@link TeamScope}). */
@Repository
class RepositoryRuleQueries {

    private final JdbcClient jdbc;

    RepositoryRuleQueries(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** A visible project's rules, most specific first (the order they are tried in). */
    List<RepositoryRuleSummary> ofProject(String projectSlug, Viewer viewer) {
        return jdbc.sql("""
                select r.id, r.pattern, p.slug as project, r.created_at, r.created_by
                from repository_rule r join project p on p.id = r.project_id
                where p.slug = :slug and %s
                order by %s
                """.formatted(TeamScope.PROJECTS, RepositoryGlobs.MOST_SPECIFIC_FIRST.formatted("r")))
                .params(TeamScope.of(viewer).params())
                .param("slug", projectSlug)
                .query((rs, n) -> new RepositoryRuleSummary(rs.getLong("id"), rs.getString("pattern"), rs.getString("project"),
                        rs.getObject("created_at", OffsetDateTime.class), rs.getString("created_by")))
                .list();
    }

    /**
     * The rule an upload of the repository would be filed by, with its project, if the caller sees that
     * project. The most specific rule decides whoever can see it, exactly as an upload does, so a rule of
     * another team is answered like no rule at all.
     */
    Optional<RepositoryMatch> match(String repository, Viewer viewer) {
        return jdbc.sql("""
                with best as (
                    select r.id, r.pattern, r.project_id from repository_rule r
                    where %s
                    order by %s
                    limit 1)
                select b.id, b.pattern, p.slug, p.name, t.slug as team, p.archived_at is not null as archived
                from best b join project p on p.id = b.project_id join team t on t.id = p.team_id
                where %s
                """.formatted(RepositoryGlobs.MATCHES.formatted("r.pattern"), RepositoryGlobs.MOST_SPECIFIC_FIRST.formatted("r"),
                        TeamScope.PROJECTS))
                .params(TeamScope.of(viewer).params())
                .param("repository", repository)
                .query((rs, n) -> new RepositoryMatch(repository,
                        new RepositoryMatch.Rule(rs.getLong("id"), rs.getString("pattern")),
                        new RepositoryMatch.Project(rs.getString("slug"), rs.getString("name"), rs.getString("team"),
                                rs.getBoolean("archived"))))
                .optional();
    }

    /** The project that has this pattern, if the caller sees it (a conflict may name it only then). */
    Optional<String> visibleProjectWith(String pattern, Viewer viewer) {
        return jdbc.sql("""
                select p.slug from repository_rule r join project p on p.id = r.project_id
                where r.pattern = :pattern and %s
                """.formatted(TeamScope.PROJECTS))
                .params(TeamScope.of(viewer).params())
                .param("pattern", pattern)
                .query(String.class)
                .optional();
    }
}
