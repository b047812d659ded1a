package io.keelwatch.runtime.incidents;

import io.keelwatch.platform.ExclusiveJobs;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Runs the grouping rule every {@code keelwatch.runtime.incidents.grouping.every}, beside ingest (which it never
 * slows: it reads what ingest committed). One replica at a time ({@link ExclusiveJobs}); an alert in an incident is
 * never a candidate again.
 */
@Component
class IncidentGroupingJob {

    private static final Logger log = LoggerFactory.getLogger(IncidentGroupingJob.class);
    /** The job's name in its metrics and its lock ({@link ExclusiveJobs}). */
    static final String JOB = "incident-grouping";

    private final ExclusiveJobs jobs;
    private final IncidentGrouping grouping;
    private final IncidentSettings settings;

    IncidentGroupingJob(ExclusiveJobs jobs, IncidentGrouping grouping, IncidentSettings settings) {
        this.jobs = jobs;
        this.grouping = grouping;
        this.settings = settings;
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
        IncidentGrouping.Result result = jobs.run(JOB, () -> grouping.group(now))
                .orElseGet(() -> new IncidentGrouping.Result(0, 0));
        if (result.grouped() > 0) {
            log.info("Incident grouping: {} incidents opened, {} alerts grouped", result.opened(), result.grouped());
        }
        return result;
    }
}
