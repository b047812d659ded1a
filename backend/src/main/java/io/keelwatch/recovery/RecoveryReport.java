package io.keelwatch.recovery;

import java.util.List;

/**
 * What posting a cluster's Velero objects did. Counts of what a write did are its outcome, not a read: the
 * cluster's CronJob (which reads nothing) gets them too.
 *
 * @param backups   Backups in the document, new among them, changed (the rest were recorded already, unchanged)
 * @param listedNamespaces the Velero namespaces whose Backups the document listed whole (a {@code List} as kubectl
 *                  prints it): recorded backups of those namespaces it did not show are gone; empty for single objects
 * @param backupsGone recorded backups this post found gone (marked deleted now, kept as evidence)
 * @param warnings  what was recorded but could not be read whole (no timestamps, an unknown phase), per object
 * @param skipped   what was not recorded, and why (other kinds, the legacy {@code ark.heptio.com} group, no name)
 */
public record RecoveryReport(String cluster, Counts backups, Counts restores, Counts schedules, Counts locations,
        List<String> listedNamespaces, int backupsGone, List<Item> warnings, List<Item> skipped) {

    public record Counts(int seen, int added, int changed) {
    }

    /** @param object what it is ({@code Backup daily-20240501}, {@code Secret velero/cloud-credentials}, {@code item #3}) */
    public record Item(String object, String reason) {
    }
}
