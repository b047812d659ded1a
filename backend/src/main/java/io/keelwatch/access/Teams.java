package io.keelwatch.access;

import io.keelwatch.platform.PageRequest;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class Teams {

    private final JdbcClient jdbc;

    Teams(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    long insert(String slug, String name) {
        return jdbc.sql("insert into team (slug, name) values (:slug, :name) returning id")
                .param("slug", slug)
                .param("name", name)
                .query(Long.class)
                .single();
    }

    Optional<TeamSummary> findBySlug(String slug) {
        return jdbc.sql("select id, slug, name from team where slug = :slug")
                .param("slug", slug)
                .query(TeamSummary.class)
                .optional();
    }

    List<TeamSummary> visibleTo(Viewer viewer) {
        TeamScope scope = TeamScope.of(viewer);
        return jdbc.sql("""
                select id, slug, name from team
                where %s
                order by name
                """.formatted(scope.covers("id")))
                .params(scope.params())
                .query(TeamSummary.class)
                .list();
    }

    List<TeamSummary> findBySlugs(Collection<String> slugs) {
        return jdbc.sql("select id, slug, name from team where slug = any(:slugs) order by slug")
                .param("slugs", slugs.toArray(String[]::new))
                .query(TeamSummary.class)
                .list();
    }

    List<TeamSummary> page(PageRequest page) {
        return jdbc.sql("select id, slug, name from team order by slug limit :limit offset :offset")
                .param("limit", page.size())
                .param("offset", page.offset())
                .query(TeamSummary.class)
                .list();
    }

    long count() {
        return jdbc.sql("select count(*) from team").query(Long.class).single();
    }

    boolean any() {
        return jdbc.sql("select exists (select 1 from team)").query(Boolean.class).single();
    }
}
