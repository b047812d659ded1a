package io.keelwatch.runtime.incidents;

import java.time.OffsetDateTime;
import org.springframework.modulith.NamedInterface;

/** An alert of an incident (or one that could join it), with the workload identity the incident page links through. */
@NamedInterface("incidents")
public record IncidentAlert(long id, String rule, String priority, String namespace, String pod, String containerId,
        String project, String imageRepository, String imageTag, String imageDigest, long eventCount,
        OffsetDateTime firstSeen, OffsetDateTime lastSeen) {
}
