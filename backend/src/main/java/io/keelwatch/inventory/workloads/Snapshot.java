package io.keelwatch.inventory.workloads;

import io.keelwatch.inventory.SkippedItem;
import java.util.List;

/**
 * What one posted document shows running.
 *
 * @param complete   whether it is a list (a snapshot: what it leaves out has stopped) rather than one object
 * @param containers each running container once
 * @param skipped    items (or containers) not recorded, with the reason; at most {@link SnapshotReader#MAX_REASONS}
 * @param skippedTotal how many were skipped in all
 */
record Snapshot(boolean complete, List<ObservedContainer> containers, List<SkippedItem> skipped, int skippedTotal) {
}
