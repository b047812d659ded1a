package io.keelwatch.audit;

import io.keelwatch.platform.PageRequest;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.json.JsonMapper;

/** Reads the audit log; it is written only by {@link AuditLog} and never changed. */
@Repository
class AuditEvents {

    /** Export reads rows in chunks through a cursor (PostgreSQL needs a transaction and a fetch size for that). */
    private static final int EXPORT_FETCH_SIZE = 500;

    private static final String SELECT = """
            select id, occurred_at, actor, actor_type, action, target_type, target_id, team_id, outcome,
                   details::text as details, host(source_ip) as source_ip, request_id,
                   case when jsonb_typeof(details -> 'count') = 'number' and details ->> 'first_at' is not null
                        then (details ->> 'count')::bigint else 1 end as count
            from audit_event
            """;

    private static final String WHERE = """
            where (cast(:actor as text) is null or lower(actor) = lower(cast(:actor as text)))
              and (cast(:action as text) is null or action = cast(:action as text))
              and (cast(:targetType as text) is null or target_type = cast(:targetType as text))
              and (cast(:targetId as text) is null or target_id = cast(:targetId as text))
              and (cast(:outcome as text) is null or outcome = cast(:outcome as text))
              and (cast(:from as timestamptz) is null or occurred_at >= cast(:from as timestamptz))
              and (cast(:to as timestamptz) is null or occurred_at < cast(:to as timestamptz))
            """;

    private final JdbcClient jdbc;
    private final JdbcClient streaming;
    private final JsonMapper json;

    AuditEvents(JdbcClient jdbc, DataSource dataSource, JsonMapper json) {
        this.jdbc = jdbc;
        JdbcTemplate cursor = new JdbcTemplate(dataSource);
        cursor.setFetchSize(EXPORT_FETCH_SIZE);
        this.streaming = JdbcClient.create(cursor);
        this.json = json;
    }

    List<AuditEvent> page(AuditFilter filter, PageRequest page) {
        return bind(jdbc.sql(SELECT + WHERE + " order by occurred_at desc, id desc limit :limit offset :offset"), filter)
                .param("limit", page.size())
                .param("offset", page.offset())
                .query(this::row)
                .list();
    }

    long count(AuditFilter filter) {
        return bind(jdbc.sql("select count(*) from audit_event " + WHERE), filter).query(Long.class).single();
    }

    /** Every match, oldest first, one row at a time; call inside a read-only transaction. */
    void forEach(AuditFilter filter, Consumer<AuditEvent> each) {
        bind(streaming.sql(SELECT + WHERE + " order by occurred_at, id"), filter)
                .query(rs -> {
                    each.accept(row(rs, rs.getRow()));
                });
    }

    List<String> actions() {
        return jdbc.sql("select distinct action from audit_event order by action").query(String.class).list();
    }

    private static JdbcClient.StatementSpec bind(JdbcClient.StatementSpec statement, AuditFilter filter) {
        return statement
                .param("actor", filter.actor())
                .param("action", filter.action())
                .param("targetType", filter.targetType())
                .param("targetId", filter.targetId())
                .param("outcome", filter.outcome() == null ? null : filter.outcome().name())
                .param("from", filter.from())
                .param("to", filter.to());
    }

    private AuditEvent row(ResultSet rs, int n) throws SQLException {
        return new AuditEvent(rs.getLong("id"), rs.getObject("occurred_at", OffsetDateTime.class), rs.getString("actor"),
                rs.getString("actor_type"), rs.getString("action"), rs.getString("target_type"), rs.getString("target_id"),
                rs.getObject("team_id", Long.class), rs.getString("outcome"), json.readTree(rs.getString("details")),
                rs.getString("source_ip"), rs.getString("request_id"), rs.getLong("count"));
    }
}
