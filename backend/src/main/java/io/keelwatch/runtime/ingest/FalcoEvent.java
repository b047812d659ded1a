package io.keelwatch.runtime.ingest;

import io.keelwatch.runtime.Priority;
import java.time.Instant;
import java.util.List;

/**
 * One Falco event as read and bounded at the door. The workload fields come from {@code output_fields}
 * ('' when the event names none: host and audit events); {@code contentHash} (hex SHA-256 over hostname,
 * rule, time and the output fields) is what makes a re-sent event a duplicate whatever its uuid.
 */
public record FalcoEvent(String hostname, String rule, Priority priority, Instant time, String source, String uuid,
        String output, String outputFieldsJson, List<String> tags, String namespace, String pod, String containerId,
        String imageRepository, String imageTag, String imageDigest, String contentHash) {
}
