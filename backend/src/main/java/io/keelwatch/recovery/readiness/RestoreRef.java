package io.keelwatch.recovery.readiness;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.OffsetDateTime;

/**
 * A restore as readiness cites it.
 *
 * @param durationSeconds how long it took, null: unknown
 * @param mappedTo        the namespace it restored into when {@code namespaceMapping} moved it (a restore test), else null
 * @param healthCheck     the latest health check a person attached: passed, failed, or null (none)
 */
public record RestoreRef(long id, String name, String phase, String backupName, OffsetDateTime completedAt, Long durationSeconds,
        String mappedTo, Boolean healthCheck) {

    @JsonProperty
    public String took() {
        return durationSeconds == null ? "an unknown time" : Readiness.duration(Math.max(1, (durationSeconds + 59) / 60));
    }
}
