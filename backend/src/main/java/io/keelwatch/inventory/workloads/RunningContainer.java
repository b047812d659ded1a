package io.keelwatch.inventory.workloads;

import io.keelwatch.inventory.DriftKind;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * One container of a workload and the image it runs, as the Running page and API show it.
 *
 * @param kind          the top controller's kind ({@code Deployment}; {@code Pod} for a bare Pod)
 * @param containerType {@code init}, {@code container} or {@code ephemeral}
 * @param tag           the tag its spec names, or null
 * @param digest        the digest it runs, or null: known by tag only
 * @param imageId       the image's id (its page: {@code /images/{id}}), or null
 * @param project       the slug of the project its namespace belongs to, or null (no namespace rule maps it)
 * @param imageProject  the slug of the project the image's repository maps to (its image page), or null
 * @param lastScannedAt when the image's newest scan was made, or null
 * @param stoppedAt     when a snapshot no longer showed it, or null while it runs
 * @param drift         what is wrong with it while it runs
 * @param driftAlertId  the newest runtime alert of a drift rule on its workload's pods (its page: {@code /alerts/{id}}), or null
 * @param admittedAt    when the admission webhook last let it in, or null (only snapshots showed it)
 * @param seenRunning   false while it is only admitted: about to run, no snapshot has shown it running yet
 */
public record RunningContainer(long id, String cluster, String environment, String namespace, String kind, String name,
        String container, String containerType, String repository, String tag, String digest, Long imageId, String project,
        String projectName, String imageProject, OffsetDateTime lastScannedAt, OffsetDateTime firstSeen, OffsetDateTime lastSeen,
        OffsetDateTime stoppedAt, List<DriftKind> drift, Long driftAlertId, OffsetDateTime admittedAt, boolean seenRunning) {
}
