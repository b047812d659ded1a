package io.keelwatch.inventory.clusters;

/**
 * A cluster to create.
 *
 * @param name        a DNS label, unique ({@code prod-eu})
 * @param environment the name of the environment it runs in
 * @param description optional, up to 1000 characters
 */
public record NewCluster(String name, String environment, String description) {
}
