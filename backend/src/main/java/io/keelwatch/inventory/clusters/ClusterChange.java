package io.keelwatch.inventory.clusters;

/**
 * What to change of a cluster; absent (null) fields stay as they are.
 *
 * @param description the new description; empty removes it
 */
public record ClusterChange(String name, String environment, String description) {
}
