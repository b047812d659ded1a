package io.keelwatch.audit;

import java.time.OffsetDateTime;
import java.util.Map;

/** One recorded event about a record, as its history shows it. */
public record AuditTrailEntry(long id, OffsetDateTime occurredAt, String actor, String actorType, String action,
        String outcome, Map<String, Object> details) {
}
