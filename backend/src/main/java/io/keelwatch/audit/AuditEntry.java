package io.keelwatch.audit;

import java.util.Map;

/**
 * One thing that happened. {@code details} carries a before/after summary; values are stored as
 * JSON, so scanner text in them cannot forge log lines.
 */
public record AuditEntry(String actor, ActorType actorType, String action, String targetType, String targetId,
        Long teamId, Outcome outcome, Map<String, ?> details) {

    public enum ActorType { user, token, system, anonymous }

    public enum Outcome { success, failure, denied }

    public static AuditEntry success(String actor, String action, String targetType, Object targetId, Long teamId,
            Map<String, ?> details) {
        return new AuditEntry(actor, ActorType.user, action, targetType, String.valueOf(targetId), teamId,
                Outcome.success, details);
    }
}
