package io.keelwatch.findings;

import io.keelwatch.access.Viewer;
import io.keelwatch.findings.exposure.ExposureRecount;
import io.keelwatch.findings.ingest.CatalogWriter;
import io.keelwatch.findings.ingest.ClusterFindingsImport;
import io.keelwatch.findings.ingest.ClusterReportImport;
import io.keelwatch.findings.ingest.ClusterTarget;
import io.keelwatch.findings.ingest.ClusterTargets;
import io.keelwatch.findings.ingest.GrowingFile;
import io.keelwatch.findings.ingest.ImageScans;
import io.keelwatch.findings.ingest.OperatorReportImport;
import io.keelwatch.findings.ingest.ReportBatches;
import io.keelwatch.findings.ingest.ReportImportWorkers;
import io.keelwatch.findings.ingest.ReportSpool;
import io.keelwatch.findings.ingest.ScanRecords;
import io.keelwatch.findings.ingest.SpoolingUpload;
import io.keelwatch.findings.ingest.report.ReportFormat;
import io.keelwatch.findings.ingest.report.ReportFormatDetector;
import io.keelwatch.findings.ingest.report.ReportHeader;
import io.keelwatch.findings.ingest.report.ReportParser;
import io.keelwatch.inventory.InventoryService;
import io.keelwatch.inventory.ProjectRef;
import io.keelwatch.inventory.UploadTarget;
import io.keelwatch.platform.CommonProblem;
import io.keelwatch.platform.KeelwatchException;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.io.InputStream;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Imports one scanner report on three threads: one spools the upload (bounded), one detects and
 * parses it as a stream while it arrives, and this one writes the batches the parser yields, all
 * in one transaction: a report found malformed halfway rolls back what its first batches wrote,
 * so it leaves nothing behind.
 * A trivy k8s cluster report names many images and is imported by {@link ClusterReportImport}
 * as one scan per image, through the same per-image write path ({@link ImageScans}); so are Trivy
 * Operator's reports ({@link OperatorReportImport}).
 */
@Service
public class ScanImportService {

    private static final Logger log = LoggerFactory.getLogger(ScanImportService.class);

    private final ReportSpool spool;
    private final MeterRegistry meters;
    private final ReportFormatDetector detector;
    private final Map<ReportFormat, ReportParser> parsers;
    private final InventoryService inventory;
    private final ImageScans images;
    private final ClusterReportImport clusters;
    private final CatalogWriter catalog;
    private final ExposureRecount exposure;
    private final TransactionTemplate transaction;
    private final Executor parsing;
    private final ClusterTargets clusterTargets;
    private final ClusterFindingsImport clusterFindings;
    private final OperatorReportImport operatorReports;
    private final AtomicInteger inProgress = new AtomicInteger();

    ScanImportService(ReportSpool spool, ReportFormatDetector detector, List<ReportParser> parsers,
            InventoryService inventory, ImageScans images, ClusterReportImport clusters, CatalogWriter catalog,
            ExposureRecount exposure, TransactionTemplate transaction, ReportImportWorkers workers,
            ClusterTargets clusterTargets, ClusterFindingsImport clusterFindings, OperatorReportImport operatorReports,
            MeterRegistry meters) {
        this.meters = meters;
        this.operatorReports = operatorReports;
        this.clusterTargets = clusterTargets;
        this.clusterFindings = clusterFindings;
        this.spool = spool;
        this.detector = detector;
        this.parsers = parsers.stream().collect(Collectors.toMap(ReportParser::format, Function.identity()));
        this.inventory = inventory;
        this.images = images;
        this.clusters = clusters;
        this.catalog = catalog;
        this.exposure = exposure;
        this.transaction = transaction;
        this.parsing = workers.executor();
        Gauge.builder("keelwatch.imports.in.progress", inProgress, AtomicInteger::get)
                .description("Report imports being received, parsed or written on this replica").register(meters);
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
        return importReport(upload, UploadTarget.named(projectSlug), declaredFormat, viewer);
    }

    /**
     * @param upload        the report bytes, plain or gzip-compressed
     * @param target        the project to file it under (created first if asked for, in the import's
     *                      transaction), or none to map by repository rules
     * @param declaredFormat the format the caller names, or null to detect it
     */
    public ReportImport importReport(InputStream upload, UploadTarget target, String declaredFormat, Viewer viewer) {
        return importReport(upload, target, null, declaredFormat, viewer, Instant.now());
    }

    /**
     * The same import, dated {@code importedAt}: the scan's import time, and from it the findings'
     * first and last seen and SLA due dates, are that instant instead of now. For back-filling a
     * history in order (the demo seeds weeks of scans this way); the API and pages import now.
     * A report's own creation time still decides whether it is older than the image's newest one.
     */
    public ReportImport importReport(InputStream upload, UploadTarget target, String declaredFormat, Viewer viewer,
            Instant importedAt) {
        return importReport(upload, target, null, declaredFormat, viewer, importedAt);
    }

    /**
     * @param cluster the cluster the report's own findings go to ({@code ?cluster=}), or null; the caller
     *                must write there ({@link ClusterTargets}), else it answers 404 and writes nothing
     */
    public ReportImport importReport(InputStream upload, UploadTarget target, String cluster, String declaredFormat,
            Viewer viewer) {
        return importReport(upload, target, cluster, declaredFormat, viewer, Instant.now());
    }

    private ReportImport importReport(InputStream upload, UploadTarget target, String cluster, String declaredFormat,
            Viewer viewer, Instant importedAt) {
        boolean namesCluster = cluster != null && !cluster.isBlank();
        if (!viewer.mayImportScans() && !(namesCluster && viewer.mayUploadClusterReports())) {
            throw new KeelwatchException(CommonProblem.FORBIDDEN, "Your role (or token's scopes) may not import scans.");
        }
        long started = System.nanoTime();
        // Three threads share an import: one copies the upload into the spool file, one detects and
        // parses the file as it grows, and this one writes what the parser yields, in one
        // transaction. A report of an image the project has never scanned cannot repeat an earlier
        // upload, so its findings are written while the rest is still arriving; otherwise writing
        // waits for the upload's hash (an identical report changes nothing but last seen).
        Timer.Sample timing = Timer.start(meters);
        String outcome = "refused";
        GrowingFile file = spool.prepare();
        inProgress.incrementAndGet();
        try (SpoolingUpload spooling = new SpoolingUpload(spool, upload, file, parsing);
                ReportBatches batches = ReportBatches.start(file, detector, parsers, parsing)) {
            ReportImport result;
            try {
                result = importParsed(spooling, batches, target, namesCluster ? cluster : null, declaredFormat, viewer,
                        importedAt);
            } catch (RuntimeException e) {
                throw spooling.explain(e);
            }
            if (result instanceof ImportResult single && !single.duplicate()) {
                log.info("Imported {} scan {} into {}: {} findings in {} ms", single.format(), single.scanId(),
                        single.project(), single.findings().total(), millis(started, System.nanoTime()));
                meters.counter("keelwatch.findings.imported", "format", single.format()).increment(single.findings().total());
            }
            outcome = result instanceof ImportResult single && single.duplicate() ? "duplicate" : "imported";
            return result;
        } finally {
            inProgress.decrementAndGet();
            timing.stop(Timer.builder("keelwatch.imports").description("Report imports, by outcome (imported, duplicate, refused: ended in an error)")
                    .tag("outcome", outcome).register(meters));
        }
    }

    private ReportImport importParsed(SpoolingUpload spooling, ReportBatches batches, UploadTarget target, String clusterName,
            String declaredFormat, Viewer viewer, Instant importedAt) {
        // A cluster report is read whole before anything is written; who may write the cluster is asked
        // once the upload is complete (so a refused upload still hears the spool's own refusal first).
        ClusterTarget cluster = null;
        if (clusterName != null) {
            spooling.report();
            cluster = clusterTargets.resolve(clusterName, viewer);
        }
        ReportFormat format = declared(batches.format(), declaredFormat);
        boolean ofCluster = format == ReportFormat.TRIVY_K8S || format == ReportFormat.TRIVY_OPERATOR
                || clusterFindings.formats().contains(format);
        if (cluster != null && !viewer.mayImportScans() && !ofCluster) {
            spooling.report();
            throw new KeelwatchException(CommonProblem.FORBIDDEN, "A cluster's agent token sends cluster reports only.");
        }
        if (clusterFindings.formats().contains(format)) {
            if (cluster == null) {
                spooling.report();
                throw new KeelwatchException(FindingsProblem.NOT_A_CLUSTER_REPORT, "A " + format.id() + " report describes a "
                        + "cluster: name it with ?cluster=<name>.");
            }
            ClusterImportResult result = clusterFindings.importReport(spooling.report(), format, cluster, viewer);
            log.info("Imported {} report of cluster {}: {} findings", format.id(), cluster.name(), result.cluster().findings().total());
            return result;
        }
        if (format == ReportFormat.TRIVY_K8S) {
            ClusterImportResult result = clusters.importReport(spooling.report(), target, cluster, viewer, importedAt);
            log.info("Imported trivy-k8s report of cluster {}: {} images, {} skipped", result.clusterName(),
                    result.images().size(), result.skipped().size());
            return result;
        }
        if (format == ReportFormat.TRIVY_OPERATOR) {
            ClusterImportResult result = operatorReports.importReport(spooling.report(), target, cluster, viewer, importedAt);
            log.info("Imported Trivy Operator reports{}: {} images, {} skipped", cluster == null ? "" : " of cluster " + cluster.name(),
                    result.images().size(), result.skipped().size());
            return result;
        }
        if (format == ReportFormat.OPENVEX) {
            spooling.report();
            // decisions, not findings: they have an import of their own, which the person is pointed to
            throw new KeelwatchException(FindingsProblem.UNSUPPORTED_REPORT_FORMAT, "This is an openvex document: it holds "
                    + "decisions about findings, not findings. Import it as exceptions with the OpenVEX form of the upload "
                    + "page, or POST /api/v1/exceptions/openvex?project={slug}.");
        }
        if (!parsers.containsKey(format)) {
            spooling.report();
            throw new KeelwatchException(FindingsProblem.UNSUPPORTED_REPORT_FORMAT, "This is a " + format.id()
                    + " document; Keelwatch does not import " + format.id() + " reports yet. Upload " + supportedFormats() + ".");
        }
        if (cluster != null) {
            spooling.report();
            throw new KeelwatchException(FindingsProblem.NOT_A_CLUSTER_REPORT, "A " + format.id() + " report describes an image, "
                    + "not a cluster: send it without ?cluster=.");
        }
        return transaction.execute(status -> write(spooling, format, batches, target, viewer, importedAt));
    }

    private static long millis(long fromNanos, long toNanos) {
        return (toNanos - fromNanos) / 1_000_000;
    }

    /** The formats Keelwatch imports, in the words a user needs to produce them. */
    private String supportedFormats() {
        return Stream.of(parsers.keySet().stream(), Stream.of(ReportFormat.TRIVY_K8S, ReportFormat.TRIVY_OPERATOR),
                        clusterFindings.formats().stream())
                .flatMap(formats -> formats).sorted()
                .map(ReportFormat::description).collect(Collectors.joining(", "));
    }

    private static ReportFormat declared(ReportFormat detected, String declaredFormat) {
        if (declaredFormat != null && !declaredFormat.isBlank() && !detected.id().equalsIgnoreCase(declaredFormat.trim())) {
            throw new KeelwatchException(FindingsProblem.UNSUPPORTED_REPORT_FORMAT,
                    "The upload was declared as " + declaredFormat + " but its content is " + detected.id() + ".");
        }
        return detected;
    }

    private ImportResult write(SpoolingUpload spooling, ReportFormat format, ReportBatches batches, UploadTarget target,
            Viewer viewer, Instant importedAt) {
        ReportHeader header = ((ReportBatches.Begin) batches.next()).header();
        ProjectRef project = inventory.projectForUpload(target, header.artifact().repository(), viewer);
        ImageScans.Start start = images.begin(project, header, format, spooling::report, viewer, importedAt);
        if (start instanceof ImageScans.Duplicate duplicate) {
            return duplicate.result();
        }
        ImageScans.ImageScan scan = (ImageScans.ImageScan) start;
        ReportBatches.Part part;
        while ((part = batches.next()) instanceof ReportBatches.Batch batch) {
            catalog.upsert(project.teamId(), batch.catalog());
            scan.write(batch.findings());
        }
        ReportBatches.End end = (ReportBatches.End) part;
        ImportResult result = scan.close(end.lateDuplicates(), end.bySeverity(), ScanRecords.StoredReport.of(spooling.report()));
        exposure.recount(project.id());
        return result;
    }
}
