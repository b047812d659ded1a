package io.keelwatch.recovery.readiness;

import java.time.OffsetDateTime;

/** A cluster's BackupStorageLocation as last posted: phase Available or Unavailable (null: not yet validated). */
public record StorageLocation(String cluster, String name, String provider, String bucket, boolean isDefault, String phase,
        String message, OffsetDateTime lastValidated) {
}
