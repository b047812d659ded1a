package io.keelwatch.recovery.readiness;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * The clean restore point of one namespace of a runtime incident: the newest usable backup fully covering it that
 * completed before the incident's first alert, and what its images were then.
 *
 * @param firstAlert    when the incident's first alert was first seen: the earliest the compromise is known
 * @param backup        that backup, or null
 * @param none          why there is none (null when there is one)
 * @param imagesKnown   whether Keelwatch watched the namespace's workloads when the backup was taken; if not, which
 *                      images it would bring back is unknown
 * @param watchedSince  since when Keelwatch has watched the namespace's workloads (null: never)
 * @param images        the images the namespace ran when the backup was taken, with their open findings
 */
public record CleanRestorePoint(String cluster, String namespace, OffsetDateTime firstAlert, BackupRef backup, String none,
        boolean imagesKnown, OffsetDateTime watchedSince, List<ImageRisk> images) {

    /**
     * An image the backup would bring back.
     *
     * @param critical open (or in progress) critical findings of the image in the projects the caller sees
     * @param signed   whether its signature verifies: {@code unknown} until Keelwatch verifies signatures
     */
    public record ImageRisk(String repository, String reference, String digest, String workload, String container,
            long critical, long high, String signed) {

        @JsonProperty
    public boolean vulnerable() {
            return critical + high > 0;
        }
    }
}
