package io.keelwatch.inventory;

/**
 * An image a container of a namespace ran at some moment, as inventory's workloads recorded it.
 *
 * @param imageId    the image's id, or null when only a tag was seen (no digest)
 * @param reference  the digest, else the tag
 * @param workload   {@code Kind/name} of the top controller
 */
public record RunningImage(Long imageId, String repository, String reference, String digest, String workload, String container) {
}
