package io.keelwatch.recovery.readiness;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.keelwatch.signing.ImageSigningStatus;
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

    /** The signing status of an image seen by tag alone: without a digest there is nothing a signature could cover. */
    public static final String UNKNOWN = "unknown";

    /**
     * An image the backup would bring back.
     *
     * @param critical open (or in progress) critical findings of the image in the projects the caller sees
     * @param signed   its best signing status in the projects the caller sees ({@code verified}, {@code reported},
     *                 {@code untrusted_signer}, {@code invalid}, {@code missing}), {@link #UNKNOWN} without a digest
     */
    public record ImageRisk(String repository, String reference, String digest, String workload, String container,
            long critical, long high, String signed) {

        @JsonProperty
        public boolean vulnerable() {
            return critical + high > 0;
        }

        /** As the pages word a signing status; an image without a digest is unknown. */
        public String signedLabel() {
            return UNKNOWN.equals(signed) ? "unknown (no digest)" : ImageSigningStatus.label(signed);
        }
    }
}
