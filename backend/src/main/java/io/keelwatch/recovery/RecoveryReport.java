package io.keelwatch.recovery;

import java.util.List;

/**
 * What posting a cluster's Velero objects did. Counts of what a write did are its outcome, not a read: the
 * cluster's CronJob (which reads nothing) gets them too.
 *
 * @param backups   Backups in the document, new among them, changed (the rest were recorded already, unchanged)
 * @param warnings  what was recorded but could not be read whole (no timestamps, an unknown phase), per object
 * @param skipped   what was not recorded, and why (other kinds, the legacy {@code ark.heptio.com} group, no name)
 */
public record RecoveryReport(String cluster, Counts backups, Counts restores, Counts schedules, Counts locations,
        List<Item> warnings, List<Item> skipped) {

    public record Counts(int seen, int added, int changed) {
    }

    /** @param object what it is ({@code Backup daily-20240501}, {@code Secret velero/cloud-credentials}, {@code item #3}) */
    public record Item(String object, String reason) {
    }
}
