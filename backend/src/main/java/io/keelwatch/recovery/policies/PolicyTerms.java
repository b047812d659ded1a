package io.keelwatch.recovery.policies;

/**
 * What a policy asks of a namespace.
 *
 * @param schedule         a Velero Schedule that must exist, run and cover the namespace, or null
 * @param minTtlMinutes    the shortest retention its backups may have, or null
 * @param restoreTestDays  how recent the restore proving the RTO must be
 */
public record PolicyTerms(int rpoMinutes, int rtoMinutes, String schedule, Integer minTtlMinutes, int restoreTestDays) {

    public String rpo() {
        return Durations.text(rpoMinutes);
    }

    public String rto() {
        return Durations.text(rtoMinutes);
    }

    public String minTtl() {
        return minTtlMinutes == null ? null : Durations.text(minTtlMinutes);
    }
}
