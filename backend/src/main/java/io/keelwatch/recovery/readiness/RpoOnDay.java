package io.keelwatch.recovery.readiness;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.LocalDate;
import java.time.OffsetDateTime;

/**
 * A namespace's RPO as it stood at the end of a past day (UTC; now, for today), measured against the policy that
 * applies today.
 *
 * @param met        whether the newest backup usable then was taken no longer than the RPO before
 * @param backupId   that backup (null: none was usable then)
 * @param ageMinutes how old that backup was then
 * @param measuredAt when the day was measured: its end, or now for today
 */
public record RpoOnDay(LocalDate day, String cluster, String namespace, String project, String rpo, boolean met, Long backupId,
        String backup, OffsetDateTime backupTakenAt, Long ageMinutes, OffsetDateTime measuredAt) {

    /** The backup's age then, as a person reads it ({@code 31h}), or null. */
    @JsonProperty
    public String age() {
        return ageMinutes == null ? null : Readiness.duration(Math.max(0, ageMinutes));
    }
}
