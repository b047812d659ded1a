package io.keelwatch.audit;

import io.keelwatch.audit.refusals.RefusalFolding;
import jakarta.annotation.PreDestroy;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
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
    private final RefusalFolding folding;

    AuditLog(JdbcClient jdbc, JsonMapper json, RefusalFolding folding) {
        this.jdbc = jdbc;
        this.json = json;
        this.folding = folding;
    }

    public void record(AuditEntry entry) {
        HttpServletRequest request = currentRequest();
        insert(acting(entry, request), request == null ? null : request.getRemoteAddr(),
                request == null ? null : request.getHeader("X-Request-Id"), null);
    }

    /**
     * Records a refusal (an unknown token, a wrong password, a 403) that a caller may repeat at
     * will: the first of its kind from an address is written now, its repeats within a window are
     * folded into one later event whose details add {@code count}, {@code first_at} and
     * {@code last_at} ({@link RefusalFolding}).
     */
    public void recordRefusal(AuditEntry entry) {
        HttpServletRequest request = currentRequest();
        AuditEntry refusal = acting(entry, request);
        String source = request == null ? null : request.getRemoteAddr();
        RefusalFolding.Decision decision = folding.offer(new RefusalFolding.Kind(refusal, source));
        writeFolded(decision.evicted());
        if (decision.writeNow()) {
            insert(refusal, source, request == null ? null : request.getHeader("X-Request-Id"), null);
        }
    }

    /** Writes the counts of refusals whose window has closed. */
    @Scheduled(fixedDelay = 5, initialDelay = 5, timeUnit = TimeUnit.SECONDS)
    void writeClosedRefusals() {
        writeFolded(folding.takeClosed());
    }

    /** Writes every refusal count held, closed window or not: at shutdown, so none is lost. */
    @PreDestroy
    public void writeHeldRefusals() {
        writeFolded(folding.takeAll());
    }

    private void writeFolded(List<RefusalFolding.Folded> folded) {
        for (RefusalFolding.Folded repeats : folded) {
            AuditEntry first = repeats.kind().refusal();
            Map<String, Object> details = first.details() == null ? new LinkedHashMap<>() : new LinkedHashMap<>(first.details());
            details.put("count", repeats.count());
            details.put("first_at", repeats.firstAt().toString());
            details.put("last_at", repeats.lastAt().toString());
            insert(new AuditEntry(first.actor(), first.actorType(), first.action(), first.targetType(), first.targetId(),
                    first.teamId(), first.outcome(), details), repeats.kind().sourceAddress(), null, repeats.lastAt());
        }
    }

    /** A request made with an API token is its owner's act through the token. */
    private static AuditEntry acting(AuditEntry entry, HttpServletRequest request) {
        if (request != null && request.getAttribute(ACTING_TOKEN_ATTRIBUTE) instanceof String token
                && entry.actorType() == AuditEntry.ActorType.user) {
            Map<String, Object> details = entry.details() == null ? new LinkedHashMap<>() : new LinkedHashMap<>(entry.details());
            details.put("via_token", token);
            return new AuditEntry(entry.actor(), AuditEntry.ActorType.token, entry.action(), entry.targetType(),
                    entry.targetId(), entry.teamId(), entry.outcome(), details);
        }
        return entry;
    }

    /** {@code occurredAt} null: now (the transaction's time). */
    private void insert(AuditEntry entry, String sourceIp, String requestId, Instant occurredAt) {
        Map<String, ?> details = entry.details() == null ? Map.of() : entry.details();
        jdbc.sql("""
                insert into audit_event (occurred_at, actor, actor_type, action, target_type, target_id, team_id, outcome,
                                         details, source_ip, request_id)
                values (coalesce(cast(:occurredAt as timestamptz), now()), :actor, :actorType, :action, :targetType,
                        :targetId, :teamId, :outcome, cast(:details as jsonb), cast(:sourceIp as inet), :requestId)
                """)
                .param("occurredAt", occurredAt == null ? null : OffsetDateTime.ofInstant(occurredAt, ZoneOffset.UTC))
                .param("actor", entry.actor())
                .param("actorType", entry.actorType().name())
                .param("action", entry.action())
                .param("targetType", entry.targetType())
                .param("targetId", entry.targetId())
                .param("teamId", entry.teamId())
                .param("outcome", entry.outcome().name())
                .param("details", json.writeValueAsString(details))
                .param("sourceIp", sourceIp)
                .param("requestId", requestId)
                .update();
        if (log.isInfoEnabled()) {
            log.info(logLine(entry, entry.actorType()));
        }
    }

    static String logLine(AuditEntry entry, AuditEntry.ActorType actorType) {
        return "audit action=" + LogEncoder.quoted(entry.action()) + " actor=" + LogEncoder.quoted(entry.actor())
                + " actorType=" + actorType + " target=" + LogEncoder.quoted(entry.targetType() + "/" + entry.targetId())
                + " outcome=" + entry.outcome();
    }

    /**
     * Appends many events in one statement, for bulk changes (one event per changed record, so each
     * record's history stays complete, without a round trip per record).
     */
    public void recordAll(Collection<AuditEntry> entries) {
        if (entries.isEmpty()) {
            return;
        }
        HttpServletRequest request = currentRequest();
        String token = request != null && request.getAttribute(ACTING_TOKEN_ATTRIBUTE) instanceof String t ? t : null;
        List<AuditEntry> rows = List.copyOf(entries);
        jdbc.sql("""
                insert into audit_event (actor, actor_type, action, target_type, target_id, team_id, outcome,
                                         details, source_ip, request_id)
                select actor, actor_type, action, target_type, target_id, team_id, outcome, cast(details as jsonb),
                       cast(:sourceIp as inet), :requestId
                from unnest(cast(:actors as text[]), cast(:actorTypes as text[]), cast(:actions as text[]),
                            cast(:targetTypes as text[]), cast(:targetIds as text[]), cast(:teams as bigint[]),
                            cast(:outcomes as text[]), cast(:details as text[]))
                     as e(actor, actor_type, action, target_type, target_id, team_id, outcome, details)
                """)
                .param("actors", rows.stream().map(AuditEntry::actor).toArray(String[]::new))
                .param("actorTypes", rows.stream().map(e -> token != null && e.actorType() == AuditEntry.ActorType.user
                        ? AuditEntry.ActorType.token.name() : e.actorType().name()).toArray(String[]::new))
                .param("actions", rows.stream().map(AuditEntry::action).toArray(String[]::new))
                .param("targetTypes", rows.stream().map(AuditEntry::targetType).toArray(String[]::new))
                .param("targetIds", rows.stream().map(AuditEntry::targetId).toArray(String[]::new))
                .param("teams", rows.stream().map(AuditEntry::teamId).toArray(Long[]::new))
                .param("outcomes", rows.stream().map(e -> e.outcome().name()).toArray(String[]::new))
                .param("details", rows.stream().map(e -> {
                    Map<String, Object> details = e.details() == null ? new LinkedHashMap<>() : new LinkedHashMap<>(e.details());
                    if (token != null) {
                        details.put("via_token", token);
                    }
                    return json.writeValueAsString(details);
                }).toArray(String[]::new))
                .param("sourceIp", request == null ? null : request.getRemoteAddr())
                .param("requestId", request == null ? null : request.getHeader("X-Request-Id"))
                .update();
    }

    /** What happened to one record, oldest first (at most {@code limit} events, the newest ones). */
    public List<AuditTrailEntry> trail(String targetType, String targetId, int limit) {
        return jdbc.sql("""
                select * from (
                    select id, occurred_at, actor, actor_type, action, outcome, details::text as details
                    from audit_event where target_type = :type and target_id = :id
                    order by occurred_at desc, id desc limit :limit) newest
                order by occurred_at, id
                """)
                .param("type", targetType)
                .param("id", targetId)
                .param("limit", limit)
                .query((rs, n) -> new AuditTrailEntry(rs.getLong("id"), rs.getObject("occurred_at", OffsetDateTime.class),
                        rs.getString("actor"), rs.getString("actor_type"), rs.getString("action"), rs.getString("outcome"),
                        json.readValue(rs.getString("details"), MAP)))
                .list();
    }

    private static final tools.jackson.core.type.TypeReference<Map<String, Object>> MAP = new tools.jackson.core.type.TypeReference<>() { };

    private static HttpServletRequest currentRequest() {
        return RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attributes
                ? attributes.getRequest()
                : null;
    }
}
