package io.keelwatch.recovery.readiness;

import io.keelwatch.recovery.policies.PolicyTerms;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** The rows readiness is computed from, as {@link RecoveryQueries} reads them. */
final class Rows {

    private Rows() {
    }

    record Namespace(long clusterId, String cluster, String environment, String namespace, Long projectId, String project,
            String projectName, String team, String policyScope, PolicyTerms policy) {
    }

    /** @param deleted why it is deleted (Velero is deleting it, or no longer lists it), or null; {@code deletedAt} when */
    record Backup(long id, long clusterId, String name, String phase, String schedule, String location, List<String> included,
            List<String> excluded, boolean labelSelector, String ttl, Instant createdAt, Instant startedAt,
            Instant completedAt, Instant expiresAt, int errors, String failureReason, String deleted, Instant deletedAt) {

        Instant takenAt() {
            return startedAt != null ? startedAt : createdAt;
        }
    }

    record Restore(long id, long clusterId, String name, String phase, String backupName, List<String> included,
            List<String> excluded, Map<String, String> mapping, Instant createdAt, Instant startedAt, Instant completedAt,
            int errors, String failureReason, Boolean healthCheck) {

        Long durationSeconds() {
            return startedAt == null || completedAt == null ? null
                    : Math.max(0, completedAt.getEpochSecond() - startedAt.getEpochSecond());
        }

        Instant when() {
            return completedAt != null ? completedAt : startedAt != null ? startedAt : createdAt;
        }
    }

    record Schedule(long clusterId, String name, boolean paused, String phase, Instant lastBackup, String ttl,
            List<String> included, List<String> excluded, boolean labelSelector) {
    }

    record Location(long clusterId, String name, String provider, String bucket, boolean isDefault, String phase,
            String message, Instant lastValidated) {
    }

    /** What one cluster holds that the caller may see. */
    record Cluster(List<Backup> backups, List<Restore> restores, Map<String, Schedule> schedules, Map<String, Location> locations) {
    }
}
