/**
 * Clusters and their namespace rules: the aggregates, their API and pages, the lookup of a
 * namespace's owner the runtime features build on, and the cluster names API tokens are bound to
 * ({@link io.keelwatch.access.ClusterDirectory}).
 */
package io.keelwatch.inventory.clusters;
