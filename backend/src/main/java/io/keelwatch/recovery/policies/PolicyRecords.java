package io.keelwatch.recovery.policies;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The namespace a policy names joins those recovery reports on, under its owner now. */
@Repository
class PolicyRecords {

    private final JdbcClient jdbc;

    PolicyRecords(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void fileNamespace(long clusterId, String namespace, Long projectId, Long teamId) {
        jdbc.sql("""
                        insert into recovery_namespace (cluster_id, namespace, project_id, team_id)
                        values (:cluster, :namespace, :project, :team)
                        on conflict (cluster_id, namespace) do update set project_id = excluded.project_id, team_id = excluded.team_id""")
                .param("cluster", clusterId)
                .param("namespace", namespace)
                .param("project", projectId)
                .param("team", teamId)
                .update();
    }
}
