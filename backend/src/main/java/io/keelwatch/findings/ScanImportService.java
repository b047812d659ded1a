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
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Imports one scanner report: spool it (bounded), detect its format, parse it as a stream, then
 * write everything in one transaction. Parsing finishes before the transaction starts, so a
 * malformed report never leaves anything behind.
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

    ScanImportService(ReportSpool spool, ReportFormatDetector detector, List<ReportParser> parsers,
            InventoryService inventory, ScanRecords scans, FindingWriter writer, AuditLog audit,
            FindingsSettings settings, TransactionTemplate transaction, ExceptionEffects exceptions) {
        this.exceptions = exceptions;
        this.spool = spool;
        this.detector = detector;
        this.parsers = parsers.stream().collect(Collectors.toMap(ReportParser::format, Function.identity()));
        this.inventory = inventory;
        this.scans = scans;
        this.writer = writer;
        this.audit = audit;
        this.settings = settings;
        this.transaction = transaction;
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
            ParsedReport parsed;
            try (InputStream in = report.open()) {
                parsed = parser.parse(in);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            long parsedAt = System.nanoTime();
            ImportResult result = transaction.execute(status -> write(report, format, parsed, projectSlug, viewer));
            long written = System.nanoTime();
            log.info("Imported {} scan {} into {}: {} findings in {} ms (spool {} ms, parse {} ms, write {} ms)",
                    format.id(), result.scanId(), result.project(), result.findings().total(), millis(started, written),
                    millis(started, spooled), millis(spooled, parsedAt), millis(parsedAt, written));
            return result;
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

    private ImportResult write(SpooledReport report, ReportFormat format, ParsedReport parsed, String projectSlug, Viewer viewer) {
        Instant now = Instant.now();
        ProjectRef project = inventory.projectForUpload(projectSlug, parsed.artifact().repository(), viewer);
        Optional<ImportResult> again = reimportIfIdentical(report, format, project);
        if (again.isPresent()) {
            return again.get();
        }
        ImageRef image = inventory.registerImage(parsed.artifact(), now);
        var imageInfo = new ImportResult.ImageInfo(image.repository(), image.digest());
        Instant reportTime = parsed.createdAt() != null ? parsed.createdAt() : now;
        boolean historical = scans.isOlderThanNewest(project.id(), image.id(), parsed.scanner(), format, reportTime);
        long scanId = scans.insert(new ScanRecords.NewScan(image.id(), project.id(), parsed.scanner(), parsed.scannerVersion(),
                format, parsed.artifactName(), parsed.createdAt(), now, viewer.username(), report.sha256(), report.rawSize(),
                report.gzipBytes()));
        writer.upsertCatalog(parsed.catalog());
        FindingWriter.Outcome outcome = writer.apply(parsed.findings(), image.id(), project.id(), scanId, now, historical,
                settings.slaDays());
        exceptions.applyToImport(project.id(), project.teamId(), image.id(), viewer.username(), now);
        writer.refreshExposure(project.id());
        int total = parsed.findings().size();
        scans.recordCounts(scanId, total, outcome, countBySeverity(parsed));
        audit.record(AuditEntry.success(viewer.username(), "scan.imported", "scan", scanId, project.teamId(), Map.of(
                "image", image.repository() + "@" + image.digest(), "format", format.id(), "total", total,
                "new", outcome.newFindings(), "fixed", outcome.fixed(), "reopened", outcome.reopened())));
        return new ImportResult(scanId, false, format.id(), project.slug(), imageInfo,
                new ImportResult.Counts(total, outcome.newFindings(), outcome.unchanged(), outcome.fixed(), outcome.reopened()));
    }

    /**
     * The same bytes imported into the same project again change nothing but "last seen". Checked
     * before parsing when the project is named, so a CI job re-sending a report costs almost nothing.
     */
    private Optional<ImportResult> reimportIfIdentical(SpooledReport report, ReportFormat format, ProjectRef project) {
        return scans.findSameReport(project.id(), report.sha256()).map(same -> {
            writer.touch(project.id(), same.imageId(), same.scanId(), Instant.now());
            return new ImportResult(same.scanId(), true, format.id(), project.slug(),
                    new ImportResult.ImageInfo(same.repository(), same.digest()),
                    new ImportResult.Counts(same.findingsTotal(), 0, same.findingsTotal(), 0, 0));
        });
    }

    private static Map<Severity, Integer> countBySeverity(ParsedReport parsed) {
        Map<Severity, Integer> counts = new EnumMap<>(Severity.class);
        parsed.findings().forEach(f -> counts.merge(f.severity(), 1, Integer::sum));
        return counts;
    }
}
