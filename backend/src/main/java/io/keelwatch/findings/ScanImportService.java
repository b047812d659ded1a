package io.keelwatch.findings;

import io.keelwatch.access.Viewer;
import io.keelwatch.audit.AuditEntry;
import io.keelwatch.audit.AuditLog;
import io.keelwatch.inventory.ImageRef;
import io.keelwatch.inventory.InventoryService;
import io.keelwatch.inventory.ProjectRef;
import io.keelwatch.platform.KeelwatchException;
import io.keelwatch.platform.ProblemType;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Imports one scanner report: spool it (bounded), detect its format, then parse it as a stream on
 * a second thread while this one writes the batches it yields, all in one transaction: a report
 * found malformed halfway rolls back what its first batches wrote, so it leaves nothing behind.
 */
@Service
public class ScanImportService {

    private static final Logger log = LoggerFactory.getLogger(ScanImportService.class);

    private final ReportSpool spool;
    private final ReportFormatDetector detector;
    private final Map<ReportFormat, ReportParser> parsers;
    private final InventoryService inventory;
    private final ScanRecords scans;
    private final FindingWriter writer;
    private final AuditLog audit;
    private final FindingsSettings settings;
    private final TransactionTemplate transaction;
    private final ExceptionEffects exceptions;
    private final Executor parsing;

    ScanImportService(ReportSpool spool, ReportFormatDetector detector, List<ReportParser> parsers,
            InventoryService inventory, ScanRecords scans, FindingWriter writer, AuditLog audit,
            FindingsSettings settings, TransactionTemplate transaction, ExceptionEffects exceptions,
            @Qualifier("applicationTaskExecutor") Executor parsing) {
        this.spool = spool;
        this.detector = detector;
        this.parsers = parsers.stream().collect(Collectors.toMap(ReportParser::format, Function.identity()));
        this.inventory = inventory;
        this.scans = scans;
        this.writer = writer;
        this.audit = audit;
        this.settings = settings;
        this.transaction = transaction;
        this.exceptions = exceptions;
        this.parsing = parsing;
    }

    /** The largest upload accepted, for callers that can refuse a body before reading it. */
    public long uploadLimitBytes() {
        return spool.limit();
    }

    /**
     * @param upload        the report bytes, plain or gzip-compressed
     * @param projectSlug   the project to file it under, or null to map by repository rules
     * @param declaredFormat the format the caller names, or null to detect it
     */
    public ImportResult importReport(InputStream upload, String projectSlug, String declaredFormat, Viewer viewer) {
        if (!viewer.mayImportScans()) {
            throw new KeelwatchException(ProblemType.FORBIDDEN, "Your role (or token's scopes) may not import scans.");
        }
        long started = System.nanoTime();
        try (SpooledReport report = spool.spool(upload)) {
            long spooled = System.nanoTime();
            ReportFormat format = detect(report, declaredFormat);
            if (projectSlug != null && !projectSlug.isBlank()) {
                Optional<ImportResult> again = transaction.execute(status ->
                        reimportIfIdentical(report, format, inventory.projectForUpload(projectSlug, null, viewer)));
                if (again.isPresent()) {
                    return again.get();
                }
            }
            ReportParser parser = Optional.ofNullable(parsers.get(format)).orElseThrow(() -> new KeelwatchException(
                    ProblemType.UNSUPPORTED_REPORT_FORMAT, "This is a " + format.id() + " document; Keelwatch does not import "
                            + format.id() + " reports yet. Upload " + supportedFormats() + "."));
            // Parsing runs beside the transaction and feeds it batches; a parse error rolls the whole import back.
            try (ReportBatches batches = ReportBatches.parse(parser, report, parsing)) {
                ImportResult result = transaction.execute(status -> write(report, format, batches, projectSlug, viewer));
                log.info("Imported {} scan {} into {}: {} findings in {} ms (spool {} ms, parse and write {} ms)",
                        format.id(), result.scanId(), result.project(), result.findings().total(),
                        millis(started, System.nanoTime()), millis(started, spooled), millis(spooled, System.nanoTime()));
                return result;
            }
        }
    }

    private static long millis(long fromNanos, long toNanos) {
        return (toNanos - fromNanos) / 1_000_000;
    }

    /** The formats that have a parser, in the words a user needs to produce them. */
    private String supportedFormats() {
        return parsers.keySet().stream().sorted().map(ReportFormat::description).collect(Collectors.joining(", "));
    }

    private ReportFormat detect(SpooledReport report, String declaredFormat) {
        ReportFormat detected;
        try (InputStream in = report.open()) {
            detected = detector.detect(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (declaredFormat != null && !declaredFormat.isBlank() && !detected.id().equalsIgnoreCase(declaredFormat.trim())) {
            throw new KeelwatchException(ProblemType.UNSUPPORTED_REPORT_FORMAT,
                    "The upload was declared as " + declaredFormat + " but its content is " + detected.id() + ".");
        }
        return detected;
    }

    private ImportResult write(SpooledReport report, ReportFormat format, ReportBatches batches, String projectSlug,
            Viewer viewer) {
        Instant now = Instant.now();
        ReportHeader header = ((ReportBatches.Begin) batches.next()).header();
        ProjectRef project = inventory.projectForUpload(projectSlug, header.artifact().repository(), viewer);
        Optional<ImportResult> again = reimportIfIdentical(report, format, project);
        if (again.isPresent()) {
            return again.get();
        }
        // Registering the image locks its row until commit: imports of one image take turns.
        ImageRef image = inventory.registerImage(header.artifact(), now);
        Instant reportTime = header.createdAt() != null ? header.createdAt() : now;
        boolean historical = scans.isOlderThanNewest(project.id(), image.id(), header.scanner(), format, reportTime);
        boolean firstOfImage = !writer.hasFindings(project.id(), image.id());
        long scanId = scans.insert(new ScanRecords.NewScan(image.id(), project.id(), header.scanner(), header.scannerVersion(),
                format, header.artifactName(), header.createdAt(), now, viewer.username(), report.sha256(), report.rawSize()));
        var target = new FindingWriter.Target(image.id(), project.id(), scanId, now, historical, settings.slaDays());
        FindingWriter.Outcome outcome = FindingWriter.Outcome.NONE;
        ReportBatches.Part part;
        while ((part = batches.next()) instanceof ReportBatches.Batch batch) {
            writer.upsertCatalog(batch.catalog());
            outcome = outcome.plus(writer.upsert(batch.findings(), target, firstOfImage));
        }
        ReportBatches.End end = (ReportBatches.End) part;
        writer.addDuplicates(end.lateDuplicates(), target);
        if (!historical && !firstOfImage) {
            outcome = outcome.withFixed(writer.closeMissing(target));
        }
        exceptions.applyToImport(project.id(), project.teamId(), image.id(), viewer.username(), now);
        writer.refreshExposure(project.id());
        int total = end.total();
        scans.complete(scanId, total, outcome, end.bySeverity(), report.gzipBytes());
        audit.record(AuditEntry.success(viewer.username(), "scan.imported", "scan", scanId, project.teamId(), Map.of(
                "image", image.repository() + "@" + image.digest(), "format", format.id(), "total", total,
                "new", outcome.newFindings(), "fixed", outcome.fixed(), "reopened", outcome.reopened())));
        return new ImportResult(scanId, false, format.id(), project.slug(), new ImportResult.ImageInfo(image.repository(), image.digest()),
                new ImportResult.Counts(total, outcome.newFindings(), outcome.unchanged(), outcome.fixed(), outcome.reopened()));
    }

    /**
     * The same bytes imported into the same project again change nothing but "last seen". Checked
     * before parsing when the project is named, so a CI job re-sending a report costs almost nothing.
     */
    private Optional<ImportResult> reimportIfIdentical(SpooledReport report, ReportFormat format, ProjectRef project) {
        return scans.findSameReport(project.id(), report.sha256()).map(same -> {
            scans.resent(same.scanId(), Instant.now());
            return new ImportResult(same.scanId(), true, format.id(), project.slug(),
                    new ImportResult.ImageInfo(same.repository(), same.digest()),
                    new ImportResult.Counts(same.findingsTotal(), 0, same.findingsTotal(), 0, 0));
        });
    }
}
