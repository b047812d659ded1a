package io.keelwatch.runtime.ingest;

import java.time.Instant;

/** An event ready to write: the cluster it was posted for and the start of its folding window. */
public record EventRow(FalcoEvent event, long clusterId, Instant windowStart) {

    /** Two rows with this key are one event. */
    public String key() {
        return clusterId + ":" + event.contentHash();
    }
}
