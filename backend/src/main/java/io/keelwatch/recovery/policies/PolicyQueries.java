package io.keelwatch.recovery.policies;

import io.keelwatch.access.TeamScope;
import io.keelwatch.access.Viewer;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Policies the caller sees: those of their teams' projects and namespaces; cluster-wide ones (no team) and those of
 * namespaces no rule maps only callers who see every team. Which policy applies to a namespace the readiness reads
 * itself, in the statement that reads the namespace.
 */
@Repository
public class PolicyQueries {

    private static final String SELECT = """
            select pol.id, c.name as cluster, pol.namespace, p.slug as project, pol.rpo_minutes, pol.rto_minutes,
                   pol.schedule_name, pol.min_ttl_minutes, pol.restore_test_days, pol.created_by, pol.updated_at
            from recovery_policy pol
            left join cluster c on c.id = pol.cluster_id
            left join project p on p.id = pol.project_id
            """;

    private final JdbcClient jdbc;

    PolicyQueries(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    List<PolicySummary> list(Viewer viewer) {
        TeamScope scope = TeamScope.of(viewer);
        return jdbc.sql(SELECT + " where " + scope.covers("pol.team_id")
                        + " order by c.name nulls last, pol.namespace nulls first, p.slug, pol.id")
                .params(scope.params())
                .query(PolicyQueries::summary)
                .list();
    }

    Optional<PolicySummary> find(long id, Viewer viewer) {
        TeamScope scope = TeamScope.of(viewer);
        return jdbc.sql(SELECT + " where pol.id = :id and " + scope.covers("pol.team_id"))
                .params(scope.params())
                .param("id", id)
                .query(PolicyQueries::summary)
                .optional();
    }

    /** The policy columns of {@code pol} as terms; null when the row has no policy (a left join found none). */
    public static PolicyTerms terms(ResultSet rs) throws SQLException {
        int rpo = rs.getInt("rpo_minutes");
        if (rs.wasNull()) {
            return null;
        }
        return new PolicyTerms(rpo, rs.getInt("rto_minutes"), rs.getString("schedule_name"),
                rs.getObject("min_ttl_minutes", Integer.class), rs.getInt("restore_test_days"));
    }

    private static PolicySummary summary(ResultSet rs, int n) throws SQLException {
        return new PolicySummary(rs.getLong("id"), rs.getString("cluster"), rs.getString("namespace"), rs.getString("project"),
                terms(rs), rs.getString("created_by"), rs.getObject("updated_at", OffsetDateTime.class));
    }
}
