package io.keelwatch.findings.vex;

import io.keelwatch.findings.FindingKind;
import io.keelwatch.findings.exceptions.ExceptionMatching;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** What an OpenVEX export reads beyond the exceptions: the packages and images their statements name. */
@Repository
public class OpenVexQueries {

    private final JdbcClient jdbc;

    OpenVexQueries(JdbcClient jdbc) {
        this.jdbc = jdbc;
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
                """.formatted(ExceptionMatching.MATCHES))
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
}
