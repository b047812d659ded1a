package io.keelwatch.audit;

import jakarta.servlet.http.HttpServletRequest;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;
import tools.jackson.databind.json.JsonMapper;

/**
 * Appends audit events. Called inside the caller's transaction, so an event exists exactly when
 * the change it describes was committed. Each event is also one line of the server log (logger
 * {@code io.keelwatch.audit}); its values go through {@link LogEncoder}, so names and paths a caller
 * chose cannot forge log lines. The details stay in the database, as JSON.
 */
@Service
public class AuditLog {

    /**
     * Request attribute holding the display prefix of the API token a request authenticated with.
     * Entries recorded for such a request name the token's owner as the actor, with actor type
     * {@code token} and the prefix as {@code via_token}, whoever records them.
     */
    public static final String ACTING_TOKEN_ATTRIBUTE = AuditLog.class.getName() + ".actingToken";

    private static final Logger log = LoggerFactory.getLogger("io.keelwatch.audit");

    private final JdbcClient jdbc;
    private final JsonMapper json;

    AuditLog(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    public void record(AuditEntry entry) {
        HttpServletRequest request = currentRequest();
        AuditEntry.ActorType actorType = entry.actorType();
        Map<String, Object> details = entry.details() == null ? new LinkedHashMap<>() : new LinkedHashMap<>(entry.details());
        if (request != null && request.getAttribute(ACTING_TOKEN_ATTRIBUTE) instanceof String token
                && actorType == AuditEntry.ActorType.user) {
            actorType = AuditEntry.ActorType.token;
            details.put("via_token", token);
        }
        jdbc.sql("""
                insert into audit_event (actor, actor_type, action, target_type, target_id, team_id, outcome,
                                         details, source_ip, request_id)
                values (:actor, :actorType, :action, :targetType, :targetId, :teamId, :outcome,
                        cast(:details as jsonb), cast(:sourceIp as inet), :requestId)
                """)
                .param("actor", entry.actor())
                .param("actorType", actorType.name())
                .param("action", entry.action())
                .param("targetType", entry.targetType())
                .param("targetId", entry.targetId())
                .param("teamId", entry.teamId())
                .param("outcome", entry.outcome().name())
                .param("details", json.writeValueAsString(details))
                .param("sourceIp", request == null ? null : request.getRemoteAddr())
                .param("requestId", request == null ? null : request.getHeader("X-Request-Id"))
                .update();
        if (log.isInfoEnabled()) {
            log.info(logLine(entry, actorType));
        }
    }

    static String logLine(AuditEntry entry, AuditEntry.ActorType actorType) {
        return "audit action=" + LogEncoder.quoted(entry.action()) + " actor=" + LogEncoder.quoted(entry.actor())
                + " actorType=" + actorType + " target=" + LogEncoder.quoted(entry.targetType() + "/" + entry.targetId())
                + " outcome=" + entry.outcome();
    }

    private static HttpServletRequest currentRequest() {
        return RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attributes
                ? attributes.getRequest()
                : null;
    }
}
