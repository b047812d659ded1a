package io.keelwatch.findings.exceptions;

import io.keelwatch.platform.ExclusiveJobs;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Reopens the findings of exceptions whose expiry has passed. One replica at a time ({@link ExclusiveJobs});
 * {@code lapsed_at} makes a second run find nothing left to do.
 */
@Component
class ExceptionExpiryJob {

    private static final Logger log = LoggerFactory.getLogger(ExceptionExpiryJob.class);
    /** The job's name in its metrics and its lock ({@link ExclusiveJobs}). */
    static final String JOB = "exception-expiry";

    private final ExclusiveJobs jobs;
    private final ExceptionEffects effects;

    ExceptionExpiryJob(ExclusiveJobs jobs, ExceptionEffects effects) {
        this.jobs = jobs;
        this.effects = effects;
    }

    @Scheduled(fixedDelayString = "${keelwatch.findings.exception-expiry-check:PT5M}", initialDelayString = "PT1M")
    void scheduled() {
        run(Instant.now());
    }

    /** @return the exceptions lapsed by this run; empty when another replica holds the lock */
    List<Long> run(Instant now) {
        return jobs.run(JOB, () -> {
            List<Long> lapsed = effects.lapseExpired(now);
            if (!lapsed.isEmpty()) {
                log.info("Exceptions {} expired; their findings are open again", lapsed);
            }
            return lapsed;
        }).orElse(List.of());
    }
}
