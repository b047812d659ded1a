package io.keelwatch.recovery;

/**
 * A recovery policy as people set it: for a cluster, a namespace of a cluster, or a project (every namespace its
 * rules give it). Durations as Velero writes them or shorter: {@code 24h}, {@code 90m}, {@code 7d}, {@code 1h30m}.
 *
 * @param cluster           the cluster's name; with {@code namespace}, that namespace only; null for a project's policy
 * @param project           a project's slug (then no cluster and no namespace)
 * @param rpo               the oldest the newest usable backup covering a namespace may be
 * @param rto               the longest a restore may have taken to prove the namespace restorable
 * @param schedule          a Velero Schedule that must exist, run and cover the namespace, or null
 * @param minTtl            the shortest retention ({@code ttl}) its backups may have, or null
 * @param restoreTestEvery  how recent the restore proving the RTO must be (default {@code 30d})
 */
public record NewRecoveryPolicy(String cluster, String namespace, String project, String rpo, String rto, String schedule,
        String minTtl, String restoreTestEvery) {
}
