package io.keelwatch.runtime.alerts;

import java.time.OffsetDateTime;

/**
 * A folded alert: one rule on one workload within one folding window.
 *
 * @param namespace the namespace, or null for events that name none (host, audit)
 * @param project   the slug of the project its namespace rule names, or null: no rule, the cluster's owners keep it
 * @param priority  the most severe priority of its events ({@code Critical}), or the rule's override ({@link PrioritySettings})
 * @param eventCount its events; {@code firstSeen}/{@code lastSeen} their times
 * @param environment its cluster's environment
 * @param mutedBy   the id of the mute exception in force that matches it, or null: not muted (muted alerts are kept, only marked)
 * @param incidentId the incident it is in, or null
 */
public record AlertSummary(long id, String cluster, String namespace, String pod, String containerId, String rule,
        String priority, String project, String team, String imageRepository, String imageTag, String imageDigest,
        String source, long eventCount, OffsetDateTime firstSeen, OffsetDateTime lastSeen, String environment, Long mutedBy,
        Long incidentId) {
}
