package io.keelwatch.inventory;

import java.util.List;

/**
 * What posting a cluster's workloads did. Counts of what a write did are its outcome, not a read:
 * a cluster's agent (which reads nothing) gets them too.
 *
 * @param namespace    the namespace a snapshot was limited to, or null for the whole cluster
 * @param snapshot     whether the document was a list, which stops what it leaves out (one object adds only)
 * @param workloads    workloads (top controllers) seen, new among them, and stopped by this snapshot
 * @param containers   running containers (container + image) seen, new, stopped
 * @param skippedTotal items and containers not recorded
 * @param skipped      the first of them with the reason ({@code skippedTotal} may be more)
 */
public record WorkloadReport(String cluster, String namespace, boolean snapshot, Counts workloads, Counts containers,
        int skippedTotal, List<SkippedItem> skipped) {

    public record Counts(int seen, int added, int stopped) {
    }
}
