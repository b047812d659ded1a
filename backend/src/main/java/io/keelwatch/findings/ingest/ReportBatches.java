package io.keelwatch.findings.ingest;

import io.keelwatch.findings.Severity;
import io.keelwatch.findings.ingest.report.CatalogEntry;
import io.keelwatch.findings.ingest.report.ParsedFinding;
import io.keelwatch.findings.ingest.report.ReportFormat;
import io.keelwatch.findings.ingest.report.ReportFormatDetector;
import io.keelwatch.findings.ingest.report.ReportHeader;
import io.keelwatch.findings.ingest.report.ReportParser;
import io.keelwatch.findings.ingest.report.ReportSink;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/**
 * Carries a report from the thread that parses it to the thread that writes it, in batches of
 * distinct findings, so the database stores one batch while the next is parsed (on two cores an
 * import then takes about as long as its writes alone). Duplicates within the report are folded
 * here; one whose batch has already gone is kept for {@link End}. A bounded queue holds at most a
 * few batches, so a fast parser never piles a large report up in memory.
 */
public final class ReportBatches implements ReportSink, AutoCloseable {

    static final int BATCH_SIZE = 5_000;
    /** Room for the parser to run ahead by several batches while the upload is still being spooled. */
    private static final int QUEUED_PARTS = 5;

    public sealed interface Part permits Begin, Batch, End {
    }

    /** Always the first thing handed over: what the content is. */
    private record Detected(ReportFormat format) {
    }

    /** Always the first part: who made the report and of what. */
    public record Begin(ReportHeader header) implements Part {
    }

    /** Catalog entries first described in this batch, and findings not seen in an earlier one. */
    public record Batch(List<CatalogEntry> catalog, List<ParsedFinding> findings) implements Part {
    }

    /** The last part: repeats of findings written in earlier batches, and the report's distinct findings by severity. */
    public record End(Collection<ParsedFinding> lateDuplicates, Map<Severity, Integer> bySeverity) implements Part {
    }

    /** A part that says the parser failed; its error is rethrown to the writing thread. */
    private record Failure(RuntimeException error) {
    }

    private final BlockingQueue<Object> queue = new ArrayBlockingQueue<>(QUEUED_PARTS);
    private final Map<String, ParsedFinding> batch = new LinkedHashMap<>();
    private final List<CatalogEntry> catalog = new ArrayList<>();
    private final Set<String> described = new HashSet<>();
    private final Map<String, ParsedFinding> lateDuplicates = new LinkedHashMap<>();
    /** Every distinct finding so far; those not in {@link #batch} have gone to the writer. */
    private final Map<String, Severity> severities = new HashMap<>();
    private final GrowingFile file;
    private final CompletableFuture<Void> parsing;
    private volatile boolean begun;
    private volatile boolean closed;

    private ReportBatches(GrowingFile file, ReportFormatDetector detector, Map<ReportFormat, ReportParser> parsers,
            Executor executor) {
        this.file = file;
        this.parsing = CompletableFuture.runAsync(() -> parse(file, detector, parsers), executor);
    }

    /**
     * Starts detecting and parsing the report in {@code file} on {@code executor}, while it may
     * still be being written: first {@link #format()}, then the parts with {@link #next()}.
     */
    public static ReportBatches start(GrowingFile file, ReportFormatDetector detector, Map<ReportFormat, ReportParser> parsers,
            Executor executor) {
        return new ReportBatches(file, detector, parsers, executor);
    }

    /**
     * What the report is; rethrows the detector's error (not JSON, not a report). Formats without a
     * streaming parser (a trivy k8s cluster report) are only detected, not parsed here.
     */
    public ReportFormat format() {
        return ((Detected) take()).format();
    }

    /** The next part, waiting for the parser; rethrows the parser's error (a malformed report) if it failed. */
    public Part next() {
        return (Part) take();
    }

    private Object take() {
        Object part;
        try {
            part = queue.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancellationException("Interrupted while waiting for the report to be parsed.");
        }
        if (part instanceof Failure failure) {
            throw failure.error();
        }
        return part;
    }

    /** Stops the parser if it is still running (the import failed or was a duplicate) and waits for it to let go of the report. */
    @Override
    public void close() {
        closed = true;
        file.abandon();
        queue.clear();
        try {
            parsing.join();
        } catch (RuntimeException ignored) {
            // the parser stopped because the import did; nothing of its work is used
        }
    }

    private void parse(GrowingFile file, ReportFormatDetector detector, Map<ReportFormat, ReportParser> parsers) {
        try {
            ReportFormat format;
            try (InputStream in = file.open()) {
                format = detector.detect(in);
            }
            put(new Detected(format));
            ReportParser parser = parsers.get(format);
            if (parser != null) {
                parse(file, parser);
            }
        } catch (IOException e) {
            fail(new UncheckedIOException(e));
        } catch (CancellationException e) {
            // closed by the writing thread
        } catch (RuntimeException e) {
            fail(e);
        }
    }

    private void parse(GrowingFile file, ReportParser parser) throws IOException {
        try (InputStream in = file.open()) {
            ReportHeader header = parser.parse(in, this);
            if (!begun) {
                begin(header);
            }
            flush();
            put(new End(lateDuplicates.values(), Severity.count(severities.values())));
        }
    }

    @Override
    public void begin(ReportHeader header) {
        begun = true;
        put(new Begin(header));
    }

    @Override
    public void describe(CatalogEntry entry) {
        if (described.add(entry.id())) {
            catalog.add(entry);
        }
    }

    @Override
    public void add(ParsedFinding finding) {
        boolean written = severities.containsKey(finding.fingerprint()) && !batch.containsKey(finding.fingerprint());
        severities.merge(finding.fingerprint(), finding.severity(), Severity::mostSevere);
        if (written) {
            lateDuplicates.merge(finding.fingerprint(), finding, ParsedFinding::foldedWith);
            return;
        }
        batch.merge(finding.fingerprint(), finding, ParsedFinding::foldedWith);
        if (begun && batch.size() >= BATCH_SIZE) {
            flush();
        }
    }

    /** Sends what has been collected, with the catalog entries it cites (the writer bounds its statements' size). */
    private void flush() {
        if (!batch.isEmpty() || !catalog.isEmpty()) {
            put(new Batch(List.copyOf(catalog), List.copyOf(batch.values())));
        }
        batch.clear();
        catalog.clear();
    }

    private void fail(RuntimeException error) {
        if (!closed) {
            put(new Failure(error));
        }
    }

    /** Waits for room in the queue, giving up once the writing thread has closed this. */
    private void put(Object part) {
        try {
            while (closed || !queue.offer(part, 50, TimeUnit.MILLISECONDS)) {
                if (closed) {
                    throw new CancellationException("The import stopped.");
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancellationException("Interrupted while handing over a parsed batch.");
        }
    }
}
