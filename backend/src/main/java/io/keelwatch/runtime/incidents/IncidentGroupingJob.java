package io.keelwatch.runtime.incidents;

import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Runs the grouping rule every {@code keelwatch.runtime.incidents.grouping.every}, beside ingest (which it never
 * slows: it reads what ingest committed). Every replica schedules it; a transaction-scoped PostgreSQL advisory lock
 * lets one run at a time and the others skip, and an alert in an incident is never a candidate again.
 */
@Component
class IncidentGroupingJob {

    private static final Logger log = LoggerFactory.getLogger(IncidentGroupingJob.class);
    /** Arbitrary, fixed: the advisory lock key of this job. */
    static final long LOCK_KEY = 0x6b77_696e_6369_6470L;

    private final JdbcClient jdbc;
    private final IncidentGrouping grouping;
    private final IncidentSettings settings;
    private final TransactionTemplate transaction;

    IncidentGroupingJob(JdbcClient jdbc, IncidentGrouping grouping, IncidentSettings settings, TransactionTemplate transaction) {
        this.jdbc = jdbc;
        this.grouping = grouping;
        this.settings = settings;
        this.transaction = transaction;
    }

    @Scheduled(fixedDelayString = "${keelwatch.runtime.incidents.grouping.every:30s}",
            initialDelayString = "${keelwatch.runtime.incidents.grouping.every:30s}")
    void scheduled() {
        if (settings.grouping().enabled()) {
            run(Instant.now());
        }
    }

    /** @return what this run grouped; nothing when another replica holds the lock */
    IncidentGrouping.Result run(Instant now) {
        IncidentGrouping.Result result = transaction.execute(status -> {
            boolean locked = jdbc.sql("select pg_try_advisory_xact_lock(:key)").param("key", LOCK_KEY).query(Boolean.class).single();
            return locked ? grouping.group(now) : new IncidentGrouping.Result(0, 0);
        });
        if (result.grouped() > 0) {
            log.info("Incident grouping: {} incidents opened, {} alerts grouped", result.opened(), result.grouped());
        }
        return result;
    }
}
