package io.keelwatch.inventory.environments;

import io.keelwatch.inventory.EnvironmentSummary;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Environments as everyone reads them (they belong to no team), in order, with their cluster counts. */
@Repository
class EnvironmentQueries {

    private static final String SELECT = """
            select e.id, e.name, e.rank, (select count(*) from cluster c where c.environment_id = e.id) as clusters
            from environment e
            """;

    private final JdbcClient jdbc;

    EnvironmentQueries(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    List<EnvironmentSummary> all() {
        return jdbc.sql(SELECT + " order by e.rank, e.name").query(EnvironmentSummary.class).list();
    }

    Optional<EnvironmentSummary> byName(String name) {
        return jdbc.sql(SELECT + " where e.name = :name").param("name", name).query(EnvironmentSummary.class).optional();
    }

    /** The names of the clusters running in the environment, for saying why it cannot be deleted. */
    List<String> clusterNames(long environmentId) {
        return jdbc.sql("select name from cluster where environment_id = :id order by name")
                .param("id", environmentId)
                .query(String.class)
                .list();
    }
}
