package io.keelwatch.signing.signatures;

import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Turns the signatures of keys past their expiry untrusted. Every replica schedules it; a transaction-scoped
 * advisory lock lets one run at a time, and a second run finds no verified signature of an expired key.
 */
@Component
class KeyExpiryJob {

    private static final Logger log = LoggerFactory.getLogger(KeyExpiryJob.class);
    /** Arbitrary, fixed: the advisory lock key of this job. */
    static final long LOCK_KEY = 0x6b77_7369_676e_6578L;

    private final JdbcClient jdbc;
    private final Reverification reverification;
    private final TransactionTemplate transaction;

    KeyExpiryJob(JdbcClient jdbc, Reverification reverification, TransactionTemplate transaction) {
        this.jdbc = jdbc;
        this.reverification = reverification;
        this.transaction = transaction;
    }

    @Scheduled(fixedDelayString = "${keelwatch.signing.key-expiry-check:PT5M}", initialDelayString = "PT1M")
    void scheduled() {
        run();
    }

    /** @return how many expired keys' signatures were verified again; 0 when another replica holds the lock */
    int run() {
        return transaction.execute(status -> {
            boolean locked = jdbc.sql("select pg_try_advisory_xact_lock(:key)").param("key", LOCK_KEY).query(Boolean.class).single();
            if (!locked) {
                return 0;
            }
            int keys = reverification.expire(Instant.now());
            if (keys > 0) {
                log.info("{} expired signing keys: their signatures are untrusted now", keys);
            }
            return keys;
        });
    }
}
