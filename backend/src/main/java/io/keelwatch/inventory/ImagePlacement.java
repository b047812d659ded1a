package io.keelwatch.inventory;

import java.time.OffsetDateTime;

/**
 * Where an image runs: one container of a workload in a cluster's namespace.
 *
 * @param kind     the workload's top controller's kind ({@code Deployment}; {@code Pod} for a bare Pod)
 * @param lastSeen when the newest snapshot showed it
 */
public record ImagePlacement(String cluster, String environment, String namespace, String kind, String name, String container,
        OffsetDateTime lastSeen) {
}
