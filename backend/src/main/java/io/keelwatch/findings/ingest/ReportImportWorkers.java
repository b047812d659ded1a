package io.keelwatch.findings.ingest;

import io.keelwatch.findings.FindingsSettings;
import jakarta.annotation.PreDestroy;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.stereotype.Component;

/**
 * The threads that spool, parse and compress reports beside the request threads (three tasks per
 * import in progress), kept apart from anything else the application runs in the background and
 * sized by {@code keelwatch.findings.import-workers}. More simultaneous imports than they serve
 * queue rather than fail. Not an {@link Executor} bean, so Spring Boot's own task executor stays
 * as it is for everything else.
 */
@Component
public class ReportImportWorkers {

    private final ExecutorService threads;

    ReportImportWorkers(FindingsSettings settings) {
        AtomicInteger count = new AtomicInteger();
        ThreadFactory named = task -> {
            Thread thread = new Thread(task, "report-import-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
        this.threads = Executors.newFixedThreadPool(settings.importWorkers(), named);
    }

    public Executor executor() {
        return threads;
    }

    @PreDestroy
    void stop() {
        threads.shutdownNow();
    }
}
