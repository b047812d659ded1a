package io.keelwatch.inventory;

/**
 * An image running now in an environment, in the workloads of one project (or of namespaces no rule maps).
 *
 * @param project      the slug of the project owning the workloads' namespace, or null when no rule maps it
 * @param workloads    how many workloads run it there
 * @param seenRunning  whether a snapshot showed it running (false: only an admission let it in so far)
 */
public record EnvironmentImage(String environment, String project, long imageId, String repository, String digest,
        int workloads, boolean seenRunning) {
}
