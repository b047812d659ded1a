package io.keelwatch.findings.exceptions;

import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Reopens the findings of exceptions whose expiry has passed. Every replica schedules it; a
 * transaction-scoped PostgreSQL advisory lock lets one run at a time and the others skip, and
 * {@code lapsed_at} makes a second run find nothing left to do.
 */
@Component
class ExceptionExpiryJob {

    private static final Logger log = LoggerFactory.getLogger(ExceptionExpiryJob.class);
    /** Arbitrary, fixed: the advisory lock key of this job. */
    static final long LOCK_KEY = 0x6b77_6578_7069_7279L;

    private final JdbcClient jdbc;
    private final ExceptionEffects effects;
    private final TransactionTemplate transaction;

    ExceptionExpiryJob(JdbcClient jdbc, ExceptionEffects effects, TransactionTemplate transaction) {
        this.jdbc = jdbc;
        this.effects = effects;
        this.transaction = transaction;
    }

    @Scheduled(fixedDelayString = "${keelwatch.findings.exception-expiry-check:PT5M}", initialDelayString = "PT1M")
    void scheduled() {
        run(Instant.now());
    }

    /** @return the exceptions lapsed by this run; empty when another replica holds the lock */
    List<Long> run(Instant now) {
        return transaction.execute(status -> runLocked(now));
    }

    private List<Long> runLocked(Instant now) {
        boolean locked = jdbc.sql("select pg_try_advisory_xact_lock(:key)").param("key", LOCK_KEY).query(Boolean.class).single();
        if (!locked) {
            return List.of();
        }
        List<Long> lapsed = effects.lapseExpired(now);
        if (!lapsed.isEmpty()) {
            log.info("Exceptions {} expired; their findings are open again", lapsed);
        }
        return lapsed;
    }
}
