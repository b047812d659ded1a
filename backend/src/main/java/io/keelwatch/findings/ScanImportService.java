package io.keelwatch.findings;

import io.keelwatch.access.Viewer;
import io.keelwatch.inventory.InventoryService;
import io.keelwatch.inventory.ProjectRef;
import io.keelwatch.platform.KeelwatchException;
import io.keelwatch.platform.ProblemType;
import java.io.InputStream;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Imports one scanner report: spool it (bounded), detect its format, then parse it as a stream on
 * a second thread while this one writes the batches it yields, all in one transaction: a report
 * found malformed halfway rolls back what its first batches wrote, so it leaves nothing behind.
 * A trivy k8s cluster report names many images and is imported by {@link ClusterReportImport}
 * as one scan per image, through the same per-image write path ({@link ImageScans}).
 */
@Service
public class ScanImportService {

    private static final Logger log = LoggerFactory.getLogger(ScanImportService.class);

    private final ReportSpool spool;
    private final ReportFormatDetector detector;
    private final Map<ReportFormat, ReportParser> parsers;
    private final InventoryService inventory;
    private final ImageScans images;
    private final ClusterReportImport clusters;
    private final FindingWriter writer;
    private final TransactionTemplate transaction;
    private final Executor parsing;

    ScanImportService(ReportSpool spool, ReportFormatDetector detector, List<ReportParser> parsers,
            InventoryService inventory, ImageScans images, ClusterReportImport clusters, FindingWriter writer,
            TransactionTemplate transaction, @Qualifier("applicationTaskExecutor") Executor parsing) {
        this.spool = spool;
        this.detector = detector;
        this.parsers = parsers.stream().collect(Collectors.toMap(ReportParser::format, Function.identity()));
        this.inventory = inventory;
        this.images = images;
        this.clusters = clusters;
        this.writer = writer;
        this.transaction = transaction;
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
    public ReportImport importReport(InputStream upload, String projectSlug, String declaredFormat, Viewer viewer) {
        if (!viewer.mayImportScans()) {
            throw new KeelwatchException(ProblemType.FORBIDDEN, "Your role (or token's scopes) may not import scans.");
        }
        long started = System.nanoTime();
        // The report is detected and parsed from the spool file while the upload is still arriving;
        // what it yields is written only after the identical-report check, in one transaction.
        GrowingFile file = spool.prepare();
        try (ReportBatches batches = ReportBatches.start(file, detector, parsers, parsing);
                SpooledReport report = spool.spool(upload, file)) {
            long spooled = System.nanoTime();
            ReportFormat format = declared(batches.format(), declaredFormat);
            if (format == ReportFormat.TRIVY_K8S) {
                ClusterImportResult result = clusters.importReport(report, projectSlug, viewer);
                log.info("Imported trivy-k8s report of cluster {}: {} images, {} skipped, in {} ms", result.clusterName(),
                        result.images().size(), result.skipped().size(), millis(started, System.nanoTime()));
                return result;
            }
            // With the project named, a CI job re-sending a report costs almost nothing: checked before writing.
            if (projectSlug != null && !projectSlug.isBlank()) {
                Optional<ImportResult> again = transaction.execute(status -> images.reimportIfIdentical(report, format,
                        inventory.projectForUpload(projectSlug, null, viewer), null));
                if (again.isPresent()) {
                    return again.get();
                }
            }
            if (!parsers.containsKey(format)) {
                throw new KeelwatchException(ProblemType.UNSUPPORTED_REPORT_FORMAT, "This is a " + format.id()
                        + " document; Keelwatch does not import " + format.id() + " reports yet. Upload " + supportedFormats() + ".");
            }
            ImportResult result = transaction.execute(status -> write(report, format, batches, projectSlug, viewer));
            log.info("Imported {} scan {} into {}: {} findings in {} ms (spool {} ms, parse and write {} ms)",
                    format.id(), result.scanId(), result.project(), result.findings().total(),
                    millis(started, System.nanoTime()), millis(started, spooled), millis(spooled, System.nanoTime()));
            return result;
        }
    }

    private static long millis(long fromNanos, long toNanos) {
        return (toNanos - fromNanos) / 1_000_000;
    }

    /** The formats Keelwatch imports, in the words a user needs to produce them. */
    private String supportedFormats() {
        return Stream.concat(parsers.keySet().stream(), Stream.of(ReportFormat.TRIVY_K8S)).sorted()
                .map(ReportFormat::description).collect(Collectors.joining(", "));
    }

    private static ReportFormat declared(ReportFormat detected, String declaredFormat) {
        if (declaredFormat != null && !declaredFormat.isBlank() && !detected.id().equalsIgnoreCase(declaredFormat.trim())) {
            throw new KeelwatchException(ProblemType.UNSUPPORTED_REPORT_FORMAT,
                    "The upload was declared as " + declaredFormat + " but its content is " + detected.id() + ".");
        }
        return detected;
    }

    private ImportResult write(SpooledReport report, ReportFormat format, ReportBatches batches, String projectSlug,
            Viewer viewer) {
        ReportHeader header = ((ReportBatches.Begin) batches.next()).header();
        ProjectRef project = inventory.projectForUpload(projectSlug, header.artifact().repository(), viewer);
        Optional<ImportResult> again = images.reimportIfIdentical(report, format, project, null);
        if (again.isPresent()) {
            return again.get();
        }
        ImageScans.ImageScan scan = images.open(project, header, format, report, viewer, Instant.now());
        ReportBatches.Part part;
        while ((part = batches.next()) instanceof ReportBatches.Batch batch) {
            writer.upsertCatalog(batch.catalog());
            scan.write(batch.findings());
        }
        ReportBatches.End end = (ReportBatches.End) part;
        ImportResult result = scan.close(end.lateDuplicates(), end.bySeverity(), ScanRecords.StoredReport.of(report.gzipBytes()));
        writer.refreshExposure(project.id());
        return result;
    }
}
