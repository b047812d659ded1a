package io.keelwatch.findings.ingest;

import io.keelwatch.findings.FindingsSettings;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PreDestroy;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.stereotype.Component;

/**
 * The threads that spool, parse and compress reports beside the request threads (three tasks per
 * import in progress), kept apart from anything else the application runs in the background and
 * sized by {@code keelwatch.findings.import-workers}. More simultaneous imports than they serve
 * queue rather than fail; the tasks waiting for a thread are the gauge
 * {@code keelwatch.imports.waiting}. Not an {@link Executor} bean, so Spring Boot's own task
 * executor stays as it is for everything else.
 */
@Component
public class ReportImportWorkers {

    private final ThreadPoolExecutor threads;

    ReportImportWorkers(FindingsSettings settings, MeterRegistry meters) {
        AtomicInteger count = new AtomicInteger();
        ThreadFactory named = task -> {
            Thread thread = new Thread(task, "report-import-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
        this.threads = new ThreadPoolExecutor(settings.importWorkers(), settings.importWorkers(), 0, TimeUnit.MILLISECONDS,
                new LinkedBlockingQueue<>(), named);
        Gauge.builder("keelwatch.imports.waiting", threads, pool -> pool.getQueue().size())
                .description("Import tasks (spool, parse, compress) waiting for a free import worker")
                .register(meters);
    }

    public Executor executor() {
        return threads;
    }

    @PreDestroy
    void stop() {
        threads.shutdownNow();
    }
}
