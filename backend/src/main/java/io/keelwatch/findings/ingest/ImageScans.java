package io.keelwatch.findings.ingest;

import io.keelwatch.access.Viewer;
import io.keelwatch.audit.AuditEntry;
import io.keelwatch.audit.AuditLog;
import io.keelwatch.findings.FindingsSettings;
import io.keelwatch.findings.ImportResult;
import io.keelwatch.findings.Severity;
import io.keelwatch.findings.exceptions.ExceptionEffects;
import io.keelwatch.findings.ingest.report.ParsedFinding;
import io.keelwatch.findings.ingest.report.ReportFormat;
import io.keelwatch.findings.ingest.report.ReportHeader;
import io.keelwatch.inventory.ImageRef;
import io.keelwatch.inventory.InventoryService;
import io.keelwatch.inventory.ProjectRef;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.springframework.stereotype.Component;

/**
 * The per-image part of every import, in the caller's transaction: one image's scan row, its
 * findings written batch by batch, what the report no longer shows closed, exceptions applied,
 * audited. A single-image report is one {@link ImageScan}; a trivy k8s cluster report one per image.
 * Recounting the dashboard is left to the caller, once per project however many images it wrote.
 */
@Component
public class ImageScans {

    private final InventoryService inventory;
    private final ScanRecords scans;
    private final FindingWriter writer;
    private final ExceptionEffects exceptions;
    private final AuditLog audit;
    private final FindingsSettings settings;

    ImageScans(InventoryService inventory, ScanRecords scans, FindingWriter writer, ExceptionEffects exceptions,
            AuditLog audit, FindingsSettings settings) {
        this.inventory = inventory;
        this.scans = scans;
        this.writer = writer;
        this.exceptions = exceptions;
        this.audit = audit;
        this.settings = settings;
    }

    /**
     * How an image's part of an import begins: the project had imported these very bytes for the
     * image before, or a new scan to write.
     */
    public sealed interface Start permits Duplicate, ImageScan {
    }

    /** The same report again: nothing was written but the earlier scan's "last seen" (see {@link ScanRecords#resent}). */
    public record Duplicate(ImportResult result) implements Start {
    }

    /**
     * The one way into an image's scan, for single-image and cluster reports alike. Registers the
     * image first, locking its row until commit: imports of one image take turns, so the
     * identical-report check that follows sees the scan of an import that went first, and two
     * simultaneous uploads of one report end as one import and one duplicate. Only a project that
     * scanned the image before can receive the same bytes again, so only then is {@code report}
     * asked for (its hash waits for the end of the upload): a first report of an image is written
     * while it still arrives.
     */
    public Start begin(ProjectRef project, ReportHeader header, ReportFormat format, Supplier<SpooledReport> report,
            Viewer viewer, Instant now) {
        ImageRef image = inventory.registerImage(header.artifact(), now);
        if (scans.hasScanOf(project.id(), image.id())) {
            Optional<ScanRecords.ImportedReport> same = scans.findSameReport(project.id(), image.id(), report.get().sha256());
            if (same.isPresent()) {
                return duplicate(same.get(), project, image, format, now);
            }
        }
        return open(project, image, header, format, viewer, now);
    }

    /**
     * The same bytes imported into the same project for the same image again change nothing but
     * "last seen" (a cluster report's bytes name several images, hence the image).
     */
    private Duplicate duplicate(ScanRecords.ImportedReport scan, ProjectRef project, ImageRef image, ReportFormat format,
            Instant now) {
        scans.resent(scan.scanId(), now);
        return new Duplicate(new ImportResult(scan.scanId(), true, format.id(), project.slug(),
                new ImportResult.ImageInfo(image.repository(), image.digest()),
                new ImportResult.Counts(scan.findingsTotal(), 0, scan.findingsTotal(), 0, 0)));
    }

    /** Inserts the scan row of a registered image. */
    private ImageScan open(ProjectRef project, ImageRef image, ReportHeader header, ReportFormat format, Viewer viewer,
            Instant now) {
        Instant reportTime = header.createdAt() != null ? header.createdAt() : now;
        boolean historical = scans.isOlderThanNewest(project.id(), image.id(), header.scanner(), format, reportTime);
        boolean firstOfImage = !writer.hasFindings(project.id(), image.id());
        long scanId = scans.insert(new ScanRecords.NewScan(image.id(), project.id(), null, null, header.scanner(), header.scannerVersion(),
                format, header.artifactName(), header.createdAt(), now, viewer.username()));
        // a report claiming a time after its import cannot make the image look freshly scanned
        inventory.recordScan(image.id(), reportTime.isAfter(now) ? now : reportTime);
        return new ImageScan(project, image, format, viewer,
                new FindingWriter.Target(image.id(), project.id(), scanId,
                        FindingWriter.Target.source(header.scanner(), format.id()), now, historical, settings.slaDays()), firstOfImage);
    }

    /** One image's scan being written. */
    public final class ImageScan implements Start {

        private final ProjectRef project;
        private final ImageRef image;
        private final ReportFormat format;
        private final Viewer viewer;
        private final FindingWriter.Target target;
        private final boolean firstOfImage;
        private FindingWriter.Outcome outcome = FindingWriter.Outcome.NONE;

        private ImageScan(ProjectRef project, ImageRef image, ReportFormat format, Viewer viewer, FindingWriter.Target target,
                boolean firstOfImage) {
            this.project = project;
            this.image = image;
            this.format = format;
            this.viewer = viewer;
            this.target = target;
            this.firstOfImage = firstOfImage;
        }

        long scanId() {
            return target.scanId();
        }

        /** Writes a batch of the image's findings (each fingerprint once per report); the caller wrote their catalog entries. */
        public void write(Collection<ParsedFinding> findings) {
            outcome = outcome.plus(writer.upsert(findings, target, firstOfImage));
        }

        /**
         * Finishes the scan: repeats of findings written in earlier batches, closing what the report
         * no longer shows, exceptions, the scan's counts and stored report, the audit event.
         */
        public ImportResult close(Collection<ParsedFinding> lateDuplicates, Map<Severity, Integer> bySeverity,
                ScanRecords.StoredReport stored) {
            writer.addDuplicates(lateDuplicates, target);
            if (!target.historical() && !firstOfImage) {
                outcome = outcome.withFixed(writer.closeMissing(target));
            }
            exceptions.applyToImport(project.id(), project.teamId(), image.id(), viewer.username(), target.now());
            int total = bySeverity.values().stream().mapToInt(Integer::intValue).sum();
            scans.complete(scanId(), total, outcome, bySeverity, stored);
            audit.record(AuditEntry.success(viewer.username(), "scan.imported", "scan", scanId(), project.teamId(), Map.of(
                    "image", image.repository() + "@" + image.digest(), "format", format.id(), "total", total,
                    "new", outcome.newFindings(), "fixed", outcome.fixed(), "reopened", outcome.reopened())));
            return new ImportResult(scanId(), false, format.id(), project.slug(),
                    new ImportResult.ImageInfo(image.repository(), image.digest()),
                    new ImportResult.Counts(total, outcome.newFindings(), outcome.unchanged(), outcome.fixed(),
                            outcome.reopened()));
        }
    }
}
