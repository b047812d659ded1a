package io.keelwatch.findings.exposure;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The one writer of {@code project_exposure}, the dashboard's per-project count of actionable
 * findings. Every change to findings (imports, triage, exceptions applied, revoked or expired)
 * recounts the projects it touched here, in the transaction of the change, so the dashboard never
 * reads a count its findings contradict.
 */
@Repository
public class ExposureRecount {

    private final JdbcClient jdbc;

    ExposureRecount(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Recounts the open and in-progress findings of a project, by severity. */
    public void recount(long projectId) {
        jdbc.sql("""
                insert into project_exposure as e (project_id, critical, high, medium, low, unknown, updated_at)
                select :project,
                       count(*) filter (where severity = 'CRITICAL'), count(*) filter (where severity = 'HIGH'),
                       count(*) filter (where severity = 'MEDIUM'), count(*) filter (where severity = 'LOW'),
                       count(*) filter (where severity = 'UNKNOWN'), now()
                from finding where project_id = :project and status in ('open', 'in_progress')
                on conflict (project_id) do update set critical = excluded.critical, high = excluded.high,
                    medium = excluded.medium, low = excluded.low, unknown = excluded.unknown, updated_at = excluded.updated_at
                """)
                .param("project", projectId)
                .update();
    }
}
