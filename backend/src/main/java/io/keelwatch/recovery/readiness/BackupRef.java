package io.keelwatch.recovery.readiness;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.OffsetDateTime;

/**
 * A backup as readiness cites it.
 *
 * @param takenAt        when its data was taken (start, else creation), null: unknown
 * @param partial        it takes the namespace only by label selector
 * @param locationPhase  its storage location's phase (Available, Unavailable), null when not posted
 * @param deletedAt      when Velero deleted it (or began to, or stopped listing it), null while it exists
 */
public record BackupRef(long id, String name, String phase, OffsetDateTime takenAt, Long ageMinutes, boolean partial,
        String schedule, String location, String locationPhase, OffsetDateTime deletedAt) {

    @JsonProperty
    public String age() {
        return ageMinutes == null ? "unknown age" : Readiness.duration(ageMinutes);
    }
}
