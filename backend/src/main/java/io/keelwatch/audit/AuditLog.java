package io.keelwatch.audit;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;
import tools.jackson.databind.json.JsonMapper;

/**
 * Appends audit events. Called inside the caller's transaction, so an event exists exactly when
 * the change it describes was committed.
 */
@Service
public class AuditLog {

    private final JdbcClient jdbc;
    private final JsonMapper json;

    AuditLog(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    public void record(AuditEntry entry) {
        HttpServletRequest request = currentRequest();
        jdbc.sql("""
                insert into audit_event (actor, actor_type, action, target_type, target_id, team_id, outcome,
                                         details, source_ip, request_id)
                values (:actor, :actorType, :action, :targetType, :targetId, :teamId, :outcome,
                        cast(:details as jsonb), cast(:sourceIp as inet), :requestId)
                """)
                .param("actor", entry.actor())
                .param("actorType", entry.actorType().name())
                .param("action", entry.action())
                .param("targetType", entry.targetType())
                .param("targetId", entry.targetId())
                .param("teamId", entry.teamId())
                .param("outcome", entry.outcome().name())
                .param("details", json.writeValueAsString(entry.details()))
                .param("sourceIp", request == null ? null : request.getRemoteAddr())
                .param("requestId", request == null ? null : request.getHeader("X-Request-Id"))
                .update();
    }

    private static HttpServletRequest currentRequest() {
        return RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attributes
                ? attributes.getRequest()
                : null;
    }
}
