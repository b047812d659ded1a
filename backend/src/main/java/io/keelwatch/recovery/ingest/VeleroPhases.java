package io.keelwatch.recovery.ingest;

import java.util.Set;

/**
 * The phases Velero 1.18 defines for each kind ({@code pkg/apis/velero/v1}: {@code BackupPhase}, {@code RestorePhase},
 * {@code SchedulePhase}, {@code BackupStorageLocationPhase}). A phase outside these is kept as posted and warned about:
 * a newer Velero's phase is recorded, never dropped, and never taken for Completed.
 */
final class VeleroPhases {

    static final Set<String> BACKUP = Set.of("New", "Queued", "ReadyToStart", "FailedValidation", "InProgress",
            "WaitingForPluginOperations", "WaitingForPluginOperationsPartiallyFailed", "Finalizing",
            "FinalizingPartiallyFailed", "Completed", "PartiallyFailed", "Failed", "Deleting");
    static final Set<String> RESTORE = Set.of("New", "FailedValidation", "InProgress", "WaitingForPluginOperations",
            "WaitingForPluginOperationsPartiallyFailed", "Finalizing", "FinalizingPartiallyFailed", "Completed",
            "PartiallyFailed", "Failed");
    static final Set<String> SCHEDULE = Set.of("New", "Enabled", "FailedValidation");
    static final Set<String> LOCATION = Set.of("Available", "Unavailable");

    private VeleroPhases() {
    }
}
