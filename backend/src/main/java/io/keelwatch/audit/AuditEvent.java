package io.keelwatch.audit;

import java.time.OffsetDateTime;
import tools.jackson.databind.JsonNode;

/**
 * One stored audit event as readers see it; {@code details} is the JSON object that was recorded.
 * {@code count} is how many times it happened: 1, or for repeated refusals folded into one event
 * the {@code count} of its details (between its {@code first_at} and {@code last_at}).
 */
public record AuditEvent(long id, OffsetDateTime occurredAt, String actor, String actorType, String action,
        String targetType, String targetId, Long teamId, String outcome, JsonNode details, String sourceIp,
        String requestId, long count) {
}
