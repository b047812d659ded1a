package io.keelwatch.inventory;

import java.time.OffsetDateTime;

/**
 * A Kubernetes cluster Keelwatch knows. Everyone reads clusters; what runs in them belongs to the
 * projects its namespace rules name ({@link InventoryService#namespaceOwner}).
 *
 * @param name        a DNS label ({@code prod-eu}), unique
 * @param environment the name of the environment it runs in
 * @param description what people should know about it, or null
 */
public record ClusterSummary(long id, String name, String environment, String description, OffsetDateTime createdAt) {
}
