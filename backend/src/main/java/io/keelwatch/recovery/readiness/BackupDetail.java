package io.keelwatch.recovery.readiness;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * A backup with its phase history, what it covers, its storage location and the restores made from it.
 *
 * @param unusableBecause why it counts for no readiness (see {@link Readiness}), or null: it is usable
 * @param location        its storage location as last posted, or null
 * @param importWarnings  what its last post could not read (no timestamps, an unknown phase)
 * @param veleroNamespace the namespace Velero keeps it in, or null (not posted, or recorded before Keelwatch kept it)
 * @param deletedAt       when it was deleted (see {@code unusableBecause} for how), or null
 */
public record BackupDetail(long id, long clusterId, String cluster, String name, String uid, String phase,
        String unusableBecause, String schedule, String storageLocation, Location location, List<String> includedNamespaces,
        List<String> excludedNamespaces, boolean labelSelector, String ttl, OffsetDateTime createdAt, OffsetDateTime startedAt,
        OffsetDateTime completedAt, OffsetDateTime expiresAt, int errors, int warnings, String failureReason,
        List<String> validationErrors, List<String> importWarnings, List<PhaseSeen> phases, List<RestoreRef> restores,
        OffsetDateTime firstReportedAt, OffsetDateTime updatedAt, String veleroNamespace, OffsetDateTime deletedAt) {

    @JsonProperty
    public boolean usable() {
        return unusableBecause == null;
    }

    @JsonProperty
    public boolean deleted() {
        return deletedAt != null;
    }

    /** A storage location as posted: phase Available or Unavailable (null: Velero has not validated it). */
    public record Location(String name, String provider, String bucket, boolean isDefault, String phase, String message,
            OffsetDateTime lastValidated) {
    }

    BackupDetail with(String because, Location location, List<PhaseSeen> phases, List<RestoreRef> restores) {
        return new BackupDetail(id, clusterId, cluster, name, uid, phase, because, schedule, storageLocation, location,
                includedNamespaces, excludedNamespaces, labelSelector, ttl, createdAt, startedAt, completedAt, expiresAt,
                errors, warnings, failureReason, validationErrors, importWarnings, phases, restores, firstReportedAt, updatedAt,
                veleroNamespace, deletedAt);
    }
}
