/**
 * Recovery readiness from Velero: a cluster's Backups, Restores, Schedules and BackupStorageLocations (what
 * {@code kubectl get … -n velero -o json|yaml} prints) recorded per cluster, recovery policies (RPO, RTO, schedule,
 * retention, restore-test frequency) per cluster, namespace or project, and the readiness of each namespace measured
 * against them, read through the one visibility rule; the clean restore point of a runtime incident. API:
 * {@link io.keelwatch.recovery.RecoveryService} (what the demo posts and sets policies through, and the dashboard
 * reads its summary from) and the records it returns.
 */
package io.keelwatch.recovery;
