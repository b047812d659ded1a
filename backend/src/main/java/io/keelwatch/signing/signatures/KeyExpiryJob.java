package io.keelwatch.signing.signatures;

import io.keelwatch.platform.ExclusiveJobs;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Turns the signatures of keys past their expiry untrusted. One replica at a time ({@link ExclusiveJobs}); a second
 * run finds no verified signature of an expired key.
 */
@Component
class KeyExpiryJob {

    private static final Logger log = LoggerFactory.getLogger(KeyExpiryJob.class);
    /** The job's name in its metrics and its lock ({@link ExclusiveJobs}). */
    static final String JOB = "signing-key-expiry";

    private final ExclusiveJobs jobs;
    private final Reverification reverification;

    KeyExpiryJob(ExclusiveJobs jobs, Reverification reverification) {
        this.jobs = jobs;
        this.reverification = reverification;
    }

    @Scheduled(fixedDelayString = "${keelwatch.signing.key-expiry-check:PT5M}", initialDelayString = "PT1M")
    void scheduled() {
        run();
    }

    /** @return how many expired keys' signatures were verified again; 0 when another replica holds the lock */
    int run() {
        return jobs.run(JOB, () -> {
            int keys = reverification.expire(Instant.now());
            if (keys > 0) {
                log.info("{} expired signing keys: their signatures are untrusted now", keys);
            }
            return keys;
        }).orElse(0);
    }
}
