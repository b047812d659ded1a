package io.keelwatch.runtime.ingest;

import io.keelwatch.platform.ExclusiveJobs;
import io.keelwatch.runtime.Priority;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Keeps {@code runtime_event}'s daily partitions (V25): makes the days ahead, drops whole days older than
 * the longest retention, and deletes the rows of priorities kept shorter. Deleting rows is left to what
 * dropping cannot do: the shorter-kept priorities inside days still kept, and the default partition
 * (back-filled events older than the first partition). Partitioning by priority too would turn those
 * deletes into drops as well, at eight times the partitions; the low priorities are the few rows Falco's
 * default rules write, so the deletes stay small. One replica at a time ({@link ExclusiveJobs}).
 */
@Component
public class EventRetention {

    private static final Logger log = LoggerFactory.getLogger(EventRetention.class);
    /** The job's name in its metrics and its lock ({@link ExclusiveJobs}). */
    static final String JOB = "runtime-retention";
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyyMMdd");
    private static final String PARTITION_PREFIX = "runtime_event_p";

    /** What one run did; {@code ran} false when another replica held the lock. */
    public record Outcome(boolean ran, List<String> created, List<String> dropped, long deleted) {
    }

    private final JdbcClient jdbc;
    private final ExclusiveJobs jobs;
    private final IngestSettings settings;

    EventRetention(JdbcClient jdbc, ExclusiveJobs jobs, IngestSettings settings) {
        this.jdbc = jdbc;
        this.jobs = jobs;
        this.settings = settings;
    }

    @Scheduled(fixedDelayString = "${keelwatch.runtime.retention-check:PT1H}", initialDelayString = "PT1M")
    void scheduled() {
        Outcome outcome = run(Instant.now());
        if (!outcome.created().isEmpty() || !outcome.dropped().isEmpty() || outcome.deleted() > 0) {
            log.info("Runtime events: partitions {} made, {} dropped, {} older events deleted",
                    outcome.created(), outcome.dropped(), outcome.deleted());
        }
    }

    /** One run as if it were {@code now}. */
    public Outcome run(Instant now) {
        return jobs.run(JOB, () -> {
            // waiting behind a long writer would hold up every writer queued behind this job's locks
            jdbc.sql("set local lock_timeout = '10s'").update();
            LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
            List<String> created = makeAhead(today);
            List<String> dropped = dropOlderThan(today.minusDays(settings.longestRetentionDays()));
            long deleted = deleteShorterKept(now);
            return new Outcome(true, created, dropped, deleted);
        }).orElseGet(() -> new Outcome(false, List.of(), List.of(), 0));
    }

    private List<String> makeAhead(LocalDate today) {
        List<String> existing = partitions();
        List<String> created = new ArrayList<>();
        for (LocalDate day = today; !day.isAfter(today.plusDays(settings.partitionsAhead())); day = day.plusDays(1)) {
            String name = PARTITION_PREFIX + DAY.format(day);
            if (!existing.contains(name)) {
                make(name, day);
                created.add(name);
            }
        }
        return created;
    }

    /**
     * A new day's partition, with the events the default partition already holds for that day moved into
     * it (events dated ahead of the days made, or posted while no replica ran this job): attaching a
     * partition fails while the default one holds rows of its range. The default partition is locked
     * first so no such row arrives between the move and the attach.
     */
    private void make(String name, LocalDate day) {
        String from = day.atStartOfDay(ZoneOffset.UTC).toInstant().toString();
        String to = day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant().toString();
        jdbc.sql("lock table runtime_event_default in access exclusive mode").update();
        jdbc.sql("create table " + name + " (like runtime_event including defaults including constraints)").update();
        jdbc.sql("""
                with moved as (
                    delete from runtime_event_default where event_time >= cast(:from as timestamptz) and event_time < cast(:to as timestamptz)
                    returning *
                )
                insert into %s select * from moved""".formatted(name)).param("from", from).param("to", to).update();
        jdbc.sql("alter table runtime_event attach partition " + name + " for values from ('" + from + "') to ('" + to + "')")
                .update();
    }

    /** Drops the days wholly before {@code firstKept}. */
    private List<String> dropOlderThan(LocalDate firstKept) {
        List<String> dropped = new ArrayList<>();
        for (String name : partitions()) {
            LocalDate day = LocalDate.parse(name.substring(PARTITION_PREFIX.length()), DAY);
            if (day.isBefore(firstKept)) {
                jdbc.sql("drop table " + name).update();
                dropped.add(name);
            }
        }
        return dropped;
    }

    /**
     * Deletes, per priority, the events older than that priority's retention: the shorter-kept priorities
     * in kept days, and whatever the default partition holds past its priority's retention.
     */
    private long deleteShorterKept(Instant now) {
        long deleted = 0;
        for (Map.Entry<Priority, Integer> retention : settings.retentionDays().entrySet()) {
            Instant cutoff = now.minusSeconds(retention.getValue() * 86_400L);
            deleted += jdbc.sql("delete from runtime_event where priority_rank = :rank and event_time < :cutoff")
                    .param("rank", retention.getKey().rank())
                    .param("cutoff", java.sql.Timestamp.from(cutoff))
                    .update();
        }
        return deleted;
    }

    /** The daily partitions, by name (their day). */
    private List<String> partitions() {
        return jdbc.sql("""
                select c.relname from pg_inherits i join pg_class c on c.oid = i.inhrelid
                where i.inhparent = cast('runtime_event' as regclass) and c.relname ~ '^runtime_event_p[0-9]{8}$'
                order by c.relname""").query(String.class).list();
    }
}
