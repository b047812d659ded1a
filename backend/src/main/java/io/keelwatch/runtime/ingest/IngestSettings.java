package io.keelwatch.runtime.ingest;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param foldWindow     repeats of a rule on one workload within one window of this length (aligned to
 *                       the epoch) fold into one alert
 * @param batchEvents    a group commit closes once it holds this many events
 * @param batchDelay     … or this long after its first request arrived
 * @param queueRequests  requests waiting for a commit at most; past that a post answers 503 at once
 * @param commitTimeout  how long a request waits for its commit before answering 503
 * @param maxLines       events per JSON-lines request at most
 */
@ConfigurationProperties("keelwatch.runtime")
public record IngestSettings(@DefaultValue("1h") Duration foldWindow, @DefaultValue("500") int batchEvents,
        @DefaultValue("5ms") Duration batchDelay, @DefaultValue("2048") int queueRequests,
        @DefaultValue("30s") Duration commitTimeout, @DefaultValue("10000") int maxLines) {

    public IngestSettings {
        if (foldWindow.toSeconds() < 1) {
            throw new IllegalStateException("keelwatch.runtime.fold-window must be at least one second.");
        }
    }
}
