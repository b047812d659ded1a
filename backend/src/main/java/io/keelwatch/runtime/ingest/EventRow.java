package io.keelwatch.runtime.ingest;

import java.time.Instant;

/**
 * An event ready to write: the cluster it was posted for, the start of its folding window, and the
 * owner of its namespace (null project and team: no rule maps it, the cluster's owners keep it).
 */
public record EventRow(FalcoEvent event, long clusterId, Instant windowStart, Long projectId, Long teamId) {

    /** Two rows with this key are one event. */
    public String key() {
        return clusterId + ":" + event.contentHash();
    }
}
