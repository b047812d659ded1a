package io.keelwatch.recovery.policies;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * What a policy asks of a namespace.
 *
 * @param schedule         a Velero Schedule that must exist, run and cover the namespace, or null
 * @param minTtlMinutes    the shortest retention its backups may have, or null
 * @param restoreTestDays  how recent the restore proving the RTO must be
 */
public record PolicyTerms(int rpoMinutes, int rtoMinutes, String schedule, Integer minTtlMinutes, int restoreTestDays) {

    @JsonProperty
    public String rpo() {
        return Durations.text(rpoMinutes);
    }

    @JsonProperty
    public String rto() {
        return Durations.text(rtoMinutes);
    }

    @JsonProperty
    public String minTtl() {
        return minTtlMinutes == null ? null : Durations.text(minTtlMinutes);
    }
}
