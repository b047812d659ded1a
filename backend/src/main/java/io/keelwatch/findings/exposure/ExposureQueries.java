package io.keelwatch.findings.exposure;

import io.keelwatch.access.TeamScope;
import io.keelwatch.access.Viewer;
import io.keelwatch.findings.ProjectExposure;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The dashboard's figures: each visible active project's actionable findings per severity, as last recounted (archived projects left out). */
@Repository
public class ExposureQueries {

    private final JdbcClient jdbc;

    ExposureQueries(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public List<ProjectExposure> exposureByProject(Viewer viewer) {
        return jdbc.sql("""
                select p.slug as project, p.name as project_name, t.slug as team,
                       coalesce(e.critical, 0) as critical, coalesce(e.high, 0) as high, coalesce(e.medium, 0) as medium,
                       coalesce(e.low, 0) as low, coalesce(e.unknown, 0) as unknown
                from project p
                join team t on t.id = p.team_id
                left join project_exposure e on e.project_id = p.id
                where %s and p.archived_at is null
                order by critical desc, high desc, medium desc, p.name
                """.formatted(TeamScope.PROJECTS))
                .params(TeamScope.of(viewer).params())
                .query(ProjectExposure.class)
                .list();
    }
}
