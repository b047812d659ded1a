package io.keelwatch.platform;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Runs a scheduled job on one replica at a time: every replica schedules every job, and a transaction-scoped
 * PostgreSQL advisory lock lets one run while the others skip (a crashed holder's lock ends with its
 * connection). Each run is timed in {@code keelwatch.jobs.runs} by job and outcome ({@code ran}, {@code skipped}:
 * another replica held the lock, {@code failed}), so operators see every job run once across replicas.
 */
@Component
public class ExclusiveJobs {

    private final JdbcClient jdbc;
    private final TransactionTemplate transaction;
    private final MeterRegistry meters;

    ExclusiveJobs(JdbcClient jdbc, TransactionTemplate transaction, MeterRegistry meters) {
        this.jdbc = jdbc;
        this.transaction = transaction;
        this.meters = meters;
    }

    /** The advisory lock a job's runs take: derived from its name, so every replica takes the same one. */
    public static long lockKey(String job) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(("keelwatch.jobs." + job).getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.wrap(digest, 0, Long.BYTES).getLong();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /**
     * Does {@code work} in one transaction holding the job's lock ({@link #lockKey}).
     *
     * @return what the work returned; empty when another replica holds the lock
     */
    public <T> Optional<T> run(String job, Supplier<T> work) {
        long lockKey = lockKey(job);
        Timer.Sample sample = Timer.start(meters);
        AtomicBoolean ran = new AtomicBoolean();
        String outcome = "failed";
        try {
            T result = transaction.execute(status -> {
                if (!jdbc.sql("select pg_try_advisory_xact_lock(:key)").param("key", lockKey).query(Boolean.class).single()) {
                    return null;
                }
                ran.set(true);
                return work.get();
            });
            outcome = ran.get() ? "ran" : "skipped";
            return ran.get() ? Optional.ofNullable(result) : Optional.empty();
        } finally {
            sample.stop(Timer.builder("keelwatch.jobs.runs").description("Scheduled job runs, by job and outcome")
                    .tag("job", job).tag("outcome", outcome).register(meters));
        }
    }
}
