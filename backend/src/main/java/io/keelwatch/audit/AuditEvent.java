package io.keelwatch.audit;

import java.time.OffsetDateTime;
import tools.jackson.databind.JsonNode;

/** One stored audit event as readers see it; {@code details} is the JSON object that was recorded. */
public record AuditEvent(long id, OffsetDateTime occurredAt, String actor, String actorType, String action,
        String targetType, String targetId, Long teamId, String outcome, JsonNode details, String sourceIp,
        String requestId) {
}
