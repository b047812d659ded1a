package io.keelwatch.inventory.clusters;

import io.keelwatch.inventory.ClusterSummary;
import io.keelwatch.platform.AfterTransaction;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.springframework.stereotype.Component;

/**
 * Clusters by id or name as read at most {@link #RECHECK} ago, for the endpoints a cluster's agents call many times a
 * second for the same one (the admission webhook, Falco): a cluster moved to another environment, renamed or deleted
 * is seen within that long (on the replica that changed it mostly at once: its change forgets what was read here).
 * One that was not found is asked for again each time. At most as many entries as clusters, by id and by name.
 */
@Component
class RecentClusters {

    static final Duration RECHECK = Duration.ofSeconds(5);

    /** A cluster as read, and when. */
    private record Read(ClusterSummary cluster, long at) {
    }

    private final Map<Object, Read> read = new ConcurrentHashMap<>();

    /** The cluster under {@code key} (its id or its name), read again through {@code find} when older than {@link #RECHECK}. */
    Optional<ClusterSummary> get(Object key, Supplier<Optional<ClusterSummary>> find) {
        long now = System.nanoTime();
        Read last = read.get(key);
        if (last != null && now - last.at() < RECHECK.toNanos()) {
            return Optional.of(last.cluster());
        }
        Optional<ClusterSummary> cluster = find.get();
        cluster.ifPresentOrElse(c -> read.put(key, new Read(c, now)), () -> read.remove(key));
        return cluster;
    }

    /** A cluster is being changed or deleted here: once its transaction ends, every cluster is read again. */
    void changing() {
        AfterTransaction.ended(read::clear);
    }
}
