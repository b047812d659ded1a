package io.keelwatch.runtime.incidents;

import io.keelwatch.signing.DigestSigning;
import java.time.OffsetDateTime;
import org.springframework.modulith.NamedInterface;

/**
 * An alert of an incident (or one that could join it), with the workload identity the incident page links through.
 *
 * @param signing the signing status of its image, when Falco reported the digest and Keelwatch knows the image; read for
 *                an incident's own alerts only
 */
@NamedInterface("incidents")
public record IncidentAlert(long id, String rule, String priority, String namespace, String pod, String containerId,
        String project, String imageRepository, String imageTag, String imageDigest, long eventCount,
        OffsetDateTime firstSeen, OffsetDateTime lastSeen, DigestSigning signing) {

    IncidentAlert withSigning(DigestSigning signing) {
        return new IncidentAlert(id, rule, priority, namespace, pod, containerId, project, imageRepository, imageTag, imageDigest,
                eventCount, firstSeen, lastSeen, signing);
    }
}
