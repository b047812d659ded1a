package io.keelwatch.inventory.workloads;

import io.keelwatch.platform.AfterTransaction;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.stereotype.Component;

/**
 * The admissions this replica found (or made) recorded a moment ago, so that a controller's next Pods, which name the
 * same containers, cost no read: the webhook sees the same request many times a second under a rollout. A remembered
 * request counts for {@link #FOR} and only while no snapshot was written here since; a snapshot written by another
 * replica that stops the containers is therefore seen within {@link #FOR} (until then such a re-admission leaves them
 * stopped, and the next snapshot that shows them running records them again).
 */
@Component
class RecentAdmissions {

    static final Duration FOR = Duration.ofSeconds(5);
    /** Requests remembered at most; past that all are forgotten (a cluster never rolls out this many at once). */
    private static final int MAX = 50_000;

    /** A request's containers in one cluster. */
    private record Key(long clusterId, List<ObservedContainer> containers) {
    }

    /** When it was found recorded, and how many snapshots had been written here by then. */
    private record Seen(long at, long snapshots) {
    }

    private final Map<Key, Seen> seen = new ConcurrentHashMap<>();
    private final AtomicLong snapshots = new AtomicLong();

    /** How many snapshots were written here so far: read before looking at the tables, passed to {@link #remember}. */
    long snapshots() {
        return snapshots.get();
    }

    boolean recorded(long clusterId, List<ObservedContainer> containers) {
        Seen last = seen.get(new Key(clusterId, containers));
        return last != null && last.snapshots() == snapshots.get() && System.nanoTime() - last.at() < FOR.toNanos();
    }

    /**
     * The containers are recorded, as read (or written) after {@code snapshotsBefore} snapshots; in a caller's
     * transaction, once it commits.
     */
    void remember(long clusterId, List<ObservedContainer> containers, long snapshotsBefore) {
        Key key = new Key(clusterId, List.copyOf(containers));
        AfterTransaction.committed(() -> put(key, snapshotsBefore));
    }

    private void put(Key key, long snapshotsBefore) {
        if (seen.size() >= MAX) {
            seen.clear();
        }
        seen.put(key, new Seen(System.nanoTime(), snapshotsBefore));
    }

    /** A snapshot (which may stop containers) is being written: once its transaction ends, nothing remembered counts. */
    void snapshotWritten() {
        snapshots.incrementAndGet();
        AfterTransaction.ended(snapshots::incrementAndGet);
    }
}
