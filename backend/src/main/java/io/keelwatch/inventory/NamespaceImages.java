package io.keelwatch.inventory;

import java.time.OffsetDateTime;
import java.util.List;

/**
 * What a namespace of a cluster ran at one moment.
 *
 * @param watchedSince when Keelwatch first saw a workload of the namespace; null: never. Before it, what ran
 *                     there is not known (an empty {@code images} then says nothing about that moment)
 * @param images       the images its containers ran then, in the workloads the caller may see
 */
public record NamespaceImages(OffsetDateTime watchedSince, List<RunningImage> images) {

    /** Whether Keelwatch watched the namespace at {@code at}, so {@link #images} is what ran there. */
    public boolean known(java.time.Instant at) {
        return watchedSince != null && !watchedSince.toInstant().isAfter(at);
    }
}
