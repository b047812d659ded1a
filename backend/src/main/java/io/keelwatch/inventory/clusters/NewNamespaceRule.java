package io.keelwatch.inventory.clusters;

/**
 * A namespace rule to add to a cluster.
 *
 * @param pattern a glob over namespace names ({@code payments-*}), used once per cluster
 * @param project the slug of the project the namespaces it matches belong to
 */
public record NewNamespaceRule(String pattern, String project) {
}
