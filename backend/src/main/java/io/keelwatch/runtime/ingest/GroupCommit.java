package io.keelwatch.runtime.ingest;

import io.keelwatch.platform.KeelwatchException;
import io.keelwatch.runtime.RuntimeProblem;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Group commit: concurrent requests' events are written in batches, one transaction each, by {@code writers} threads,
 * and each request is answered only after the commit that holds its events — so a 2xx means stored
 * (Falcosidekick never retries, Falco ignores errors: an event answered 2xx and then lost would be
 * lost for good). A batch closes when it holds {@code batch-events} events or {@code batch-delay}
 * after its first request; a request's events are never split over two transactions. The queue is
 * bounded: when it is full a request is answered 503 at once (counted in
 * {@code keelwatch.runtime.ingest.refused}) instead of waiting without bound. If a batch fails, its
 * requests are written one by one, so one request's failure fails no other; a request whose own
 * transaction fails (the database away) is answered 503 as well, never 2xx.
 */
@Component
public class GroupCommit implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(GroupCommit.class);

    private record Pending(List<EventRow> rows, CompletableFuture<Integer> stored) {
    }

    private final EventWriter writer;
    private final TransactionTemplate transaction;
    private final IngestSettings settings;
    private final BlockingQueue<Pending> queue;
    private final Counter refused;
    private final Counter committed;
    private volatile boolean running;
    private final List<Thread> threads = new ArrayList<>();

    GroupCommit(EventWriter writer, TransactionTemplate transaction, IngestSettings settings,
            MeterRegistry meters) {
        this.writer = writer;
        this.transaction = transaction;
        this.settings = settings;
        this.queue = new ArrayBlockingQueue<>(settings.queueRequests());
        this.refused = Counter.builder("keelwatch.runtime.ingest.refused")
                .description("Falco posts answered 503 because the writer was overloaded").register(meters);
        this.committed = Counter.builder("keelwatch.runtime.ingest.stored")
                .description("Falco events committed (new, not duplicates)").register(meters);
        Gauge.builder("keelwatch.runtime.ingest.queue", queue, BlockingQueue::size)
                .description("Falco posts waiting for the next batch").register(meters);
    }

    /** Writes the rows (distinct by key) in the next batch and waits for its commit; how many were new. */
    public int write(List<EventRow> rows) {
        Pending pending = new Pending(rows, new CompletableFuture<>());
        if (!running || !queue.offer(pending)) {
            refused.increment();
            throw new KeelwatchException(RuntimeProblem.OVERLOADED, "The alert writer is busy; nothing was stored. Send again.");
        }
        try {
            return pending.stored().get(settings.commitTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            refused.increment();
            throw new KeelwatchException(RuntimeProblem.OVERLOADED, "No commit in time; the events may or may not be stored. "
                    + "Send again: a stored event is recognised as a duplicate.");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KeelwatchException(RuntimeProblem.OVERLOADED, "Interrupted while waiting for the commit. Send again.");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof KeelwatchException refusal) {
                throw refusal;
            }
            // the transaction failed (logged by the writer thread): the database is away or refused the batch
            refused.increment();
            throw new KeelwatchException(RuntimeProblem.OVERLOADED, "The events could not be stored just now. "
                    + "Send again: a stored event is recognised as a duplicate.");
        }
    }

    private void run() {
        while (running || !queue.isEmpty()) {
            try {
                Pending first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first != null) {
                    commit(collect(first));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private List<Pending> collect(Pending first) throws InterruptedException {
        List<Pending> batch = new ArrayList<>(List.of(first));
        int events = first.rows().size();
        long deadline = System.nanoTime() + settings.batchDelay().toNanos();
        while (events < settings.batchEvents()) {
            long left = deadline - System.nanoTime();
            Pending next = left > 0 ? queue.poll(left, TimeUnit.NANOSECONDS) : queue.poll();
            if (next == null) {
                break;
            }
            batch.add(next);
            events += next.rows().size();
        }
        return batch;
    }

    private void commit(List<Pending> batch) {
        // the first request holding an event gets it counted as stored; another one in the same batch, as a duplicate.
        // In key order: two writers inserting the same re-sent events then wait for each other in one order, never in a cycle
        Map<String, EventRow> distinct = new TreeMap<>();
        Map<String, Pending> claimedBy = new HashMap<>();
        for (Pending pending : batch) {
            for (EventRow row : pending.rows()) {
                if (distinct.putIfAbsent(row.key(), row) == null) {
                    claimedBy.put(row.key(), pending);
                }
            }
        }
        try {
            Set<String> inserted = transaction.execute(status -> writer.write(distinct.values()));
            committed.increment(inserted.size());
            for (Pending pending : batch) {
                Set<String> own = new HashSet<>();
                for (EventRow row : pending.rows()) {
                    if (inserted.contains(row.key()) && claimedBy.get(row.key()) == pending) {
                        own.add(row.key());
                    }
                }
                pending.stored().complete(own.size());
            }
        } catch (RuntimeException e) {
            if (batch.size() > 1) {
                batch.forEach(pending -> commit(List.of(pending)));
            } else {
                log.warn("Falco events not stored", e);
                batch.get(0).stored().completeExceptionally(e);
            }
        }
    }

    @Override
    public void start() {
        running = true;
        for (int i = 1; i <= settings.writers(); i++) {
            Thread thread = new Thread(this::run, "falco-group-commit-" + i);
            threads.add(thread);
            thread.start();
        }
    }

    /** Stops taking requests and commits what is queued before the database goes away. */
    @Override
    public void stop() {
        running = false;
        long deadline = System.nanoTime() + settings.commitTimeout().toNanos();
        try {
            for (Thread thread : threads) {
                thread.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        threads.clear();
    }

    /** Starts before the web server takes requests and stops after it has finished them. */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE - 4096;
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
