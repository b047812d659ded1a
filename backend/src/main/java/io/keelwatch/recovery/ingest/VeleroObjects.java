package io.keelwatch.recovery.ingest;

import io.keelwatch.recovery.RecoveryReport.Item;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The Velero objects of one posted document, read and checked, before anything is written.
 *
 * @param listedNamespaces the Velero namespaces whose Backups the document lists whole (a {@code List} as kubectl prints
 *                         it, or a {@code BackupList}: the namespaces of its Backup items); empty for single objects
 */
record VeleroObjects(List<Backup> backups, List<Restore> restores, List<Schedule> schedules, List<Location> locations,
        List<Item> warnings, List<Item> skipped, List<String> listedNamespaces) {

    boolean isEmpty() {
        return backups.isEmpty() && restores.isEmpty() && schedules.isEmpty() && locations.isEmpty();
    }

    /** The namespaces the objects name outright (globs left out): where recovery reports readiness. */
    List<String> namedNamespaces() {
        java.util.TreeSet<String> names = new java.util.TreeSet<>();
        backups.forEach(b -> names.addAll(b.includedNamespaces()));
        schedules.forEach(s -> names.addAll(s.includedNamespaces()));
        restores.forEach(r -> {
            names.addAll(r.includedNamespaces());
            names.addAll(r.namespaceMapping().keySet());
            names.addAll(r.namespaceMapping().values());
        });
        names.removeIf(n -> n.contains("*") || n.contains("?"));
        return List.copyOf(names);
    }

    /**
     * @param veleroNamespace   the namespace Velero keeps it in ({@code metadata.namespace}), or null
     * @param deletionTimestamp when Kubernetes was asked to delete it ({@code metadata.deletionTimestamp}), or null
     */
    record Backup(String name, String veleroNamespace, String uid, String phase, String scheduleName, String storageLocation,
            List<String> includedNamespaces, List<String> excludedNamespaces, boolean labelSelector, String ttl,
            Instant createdAt, Instant startedAt, Instant completedAt, Instant expiresAt, int errors, int warnings,
            String failureReason, List<String> validationErrors, Instant deletionTimestamp, List<String> importWarnings) {
    }

    record Restore(String name, String uid, String phase, String backupName, String scheduleName,
            List<String> includedNamespaces, List<String> excludedNamespaces, Map<String, String> namespaceMapping,
            Instant createdAt, Instant startedAt, Instant completedAt, int errors, int warnings, String failureReason,
            List<String> validationErrors, List<String> importWarnings) {
    }

    record Schedule(String name, String cron, boolean paused, String phase, Instant lastBackup, String ttl,
            String storageLocation, List<String> includedNamespaces, List<String> excludedNamespaces, boolean labelSelector,
            List<String> importWarnings) {
    }

    record Location(String name, String provider, String bucket, boolean isDefault, String accessMode, String phase,
            String message, Instant lastValidated) {
    }
}
