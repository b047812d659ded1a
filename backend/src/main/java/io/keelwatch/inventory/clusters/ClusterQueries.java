package io.keelwatch.inventory.clusters;

import io.keelwatch.inventory.ClusterSummary;
import io.keelwatch.platform.PageRequest;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Clusters as everyone reads them: they belong to no team (what runs in them does, by namespace rules). */
@Repository
class ClusterQueries {

    private static final String SELECT = """
            select c.id, c.name, e.name as environment, c.description, c.created_at
            from cluster c join environment e on e.id = c.environment_id
            """;

    /** By column, not by reflection: every admission reads its cluster. */
    private static final RowMapper<ClusterSummary> SUMMARY = (rs, n) -> new ClusterSummary(rs.getLong("id"), rs.getString("name"),
            rs.getString("environment"), rs.getString("description"), rs.getObject("created_at", OffsetDateTime.class));

    private final JdbcClient jdbc;

    ClusterQueries(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Clusters by environment order, then name; of one environment when {@code environmentId} is given. */
    List<ClusterSummary> page(Long environmentId, PageRequest page) {
        Map<String, Object> params = new HashMap<>();
        params.put("environment", environmentId);
        params.put("limit", page.size());
        params.put("offset", page.offset());
        return jdbc.sql(SELECT + """
                 where (cast(:environment as bigint) is null or c.environment_id = :environment)
                 order by e.rank, c.name limit :limit offset :offset
                """)
                .params(params)
                .query(SUMMARY)
                .list();
    }

    long count(Long environmentId) {
        Map<String, Object> params = new HashMap<>();
        params.put("environment", environmentId);
        return jdbc.sql("select count(*) from cluster c where (cast(:environment as bigint) is null or c.environment_id = :environment)")
                .params(params)
                .query(Long.class)
                .single();
    }

    Optional<ClusterSummary> byName(String name) {
        return jdbc.sql(SELECT + " where c.name = :name").param("name", name).query(SUMMARY).optional();
    }

    Optional<ClusterSummary> byId(long id) {
        return jdbc.sql(SELECT + " where c.id = :id").param("id", id).query(SUMMARY).optional();
    }

    Optional<Long> environmentId(String name) {
        return jdbc.sql("select id from environment where name = :name").param("name", name).query(Long.class).optional();
    }

    Optional<Long> idOf(String name) {
        return jdbc.sql("select id from cluster where name = :name").param("name", name).query(Long.class).optional();
    }

    Map<Long, String> namesOf(Collection<Long> ids) {
        Map<Long, String> names = new HashMap<>();
        jdbc.sql("select id, name from cluster where id = any(:ids)")
                .param("ids", ids.toArray(Long[]::new))
                .query((rs, n) -> names.put(rs.getLong("id"), rs.getString("name")))
                .list();
        return names;
    }

    List<String> names() {
        return jdbc.sql("select name from cluster order by name").query(String.class).list();
    }
}
