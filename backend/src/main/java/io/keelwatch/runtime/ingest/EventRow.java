package io.keelwatch.runtime.ingest;

import io.keelwatch.inventory.NamespaceOwner;
import java.time.Instant;

/**
 * An event ready to write: the cluster it was posted for, the start of its folding window, and the
 * owner of its namespace (null project and team: no rule maps it, the cluster's owners keep it).
 */
public record EventRow(FalcoEvent event, long clusterId, Instant windowStart, Long projectId, Long teamId) {

    /** A row whose owner the group commit looks up with the rest of its batch. */
    public static EventRow unowned(FalcoEvent event, long clusterId, Instant windowStart) {
        return new EventRow(event, clusterId, windowStart, null, null);
    }

    EventRow ownedBy(NamespaceOwner owner) {
        return owner == null ? this : new EventRow(event, clusterId, windowStart, owner.projectId(), owner.teamId());
    }

    /** Two rows with this key are one event. */
    public String key() {
        return clusterId + ":" + event.contentHash();
    }
}
