package io.keelwatch.runtime.ingest;

import io.keelwatch.runtime.Priority;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param foldWindow     repeats of a rule on one workload within one window of this length (aligned to
 *                       the epoch) fold into one alert
 * @param batchEvents    a group commit closes once it holds this many events
 * @param batchDelay     … or this long after its first request arrived
 * @param writers        batches written at the same time, each by its own thread in its own transaction: while one
 *                       is in the database the next one fills, instead of every request waiting out both in turn
 * @param queueRequests  requests waiting for a commit at most; past that a post answers 503 at once
 * @param commitTimeout  how long a request waits for its commit before answering 503
 * @param maxLines       events per JSON-lines request at most
 * @param retentionDays  days raw events of each priority are kept (by event time); a priority not named
 *                       keeps its default (critical and above 365, error and warning 180, notice 90,
 *                       informational and debug 30). Folded alerts are kept whatever these say.
 * @param partitionsAhead days of event partitions made ahead of today
 * @param retentionCheck how often the purge runs (one replica at a time)
 */
@ConfigurationProperties("keelwatch.runtime")
public record IngestSettings(@DefaultValue("1h") Duration foldWindow, @DefaultValue("500") int batchEvents,
        @DefaultValue("5ms") Duration batchDelay, @DefaultValue("2") int writers, @DefaultValue("2048") int queueRequests,
        @DefaultValue("30s") Duration commitTimeout, @DefaultValue("10000") int maxLines,
        Map<Priority, Integer> retentionDays, @DefaultValue("7") int partitionsAhead,
        @DefaultValue("1h") Duration retentionCheck) {

    private static final Map<Priority, Integer> DEFAULT_RETENTION = Map.of(Priority.EMERGENCY, 365, Priority.ALERT, 365,
            Priority.CRITICAL, 365, Priority.ERROR, 180, Priority.WARNING, 180, Priority.NOTICE, 90,
            Priority.INFORMATIONAL, 30, Priority.DEBUG, 30);

    public IngestSettings {
        if (foldWindow.toSeconds() < 1) {
            throw new IllegalStateException("keelwatch.runtime.fold-window must be at least one second.");
        }
        Map<Priority, Integer> days = new EnumMap<>(DEFAULT_RETENTION);
        if (retentionDays != null) {
            days.putAll(retentionDays);
        }
        if (days.values().stream().anyMatch(d -> d == null || d < 1)) {
            throw new IllegalStateException("keelwatch.runtime.retention-days must be at least one day for every priority.");
        }
        retentionDays = Map.copyOf(days);
        if (writers < 1) {
            throw new IllegalStateException("keelwatch.runtime.writers must be at least 1.");
        }
        if (partitionsAhead < 1) {
            throw new IllegalStateException("keelwatch.runtime.partitions-ahead must be at least 1.");
        }
    }

    /** The longest retention: whole days of events older than this are dropped with their partition. */
    public int longestRetentionDays() {
        return retentionDays.values().stream().mapToInt(Integer::intValue).max().orElseThrow();
    }
}
