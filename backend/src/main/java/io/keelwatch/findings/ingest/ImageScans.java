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
import io.keelwatch.inventory.ArtifactIdentity;
import io.keelwatch.inventory.ImageRef;
import io.keelwatch.inventory.InventoryService;
import io.keelwatch.inventory.ProjectRef;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
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
     * The same bytes imported into the same project for the same image again change nothing but
     * "last seen" (a cluster report's bytes name several images, hence the image).
     */
    public Optional<ImportResult> reimportIfIdentical(SpooledReport report, ReportFormat format, ProjectRef project,
            ArtifactIdentity image) {
        return scans.findSameReport(project.id(), report.sha256(), image.repository(), image.digest()).map(scan -> {
            scans.resent(scan.scanId(), Instant.now());
            return new ImportResult(scan.scanId(), true, format.id(), project.slug(),
                    new ImportResult.ImageInfo(scan.repository(), scan.digest()),
                    new ImportResult.Counts(scan.findingsTotal(), 0, scan.findingsTotal(), 0, 0));
        });
    }

    /**
     * Registers the image, locking its row until commit: imports of one image take turns, so what
     * {@link #hasScanOf} says afterwards stays true for this transaction.
     */
    public ImageRef register(ReportHeader header, Instant now) {
        return inventory.registerImage(header.artifact(), now);
    }

    /** Whether the project has any scan of the image: only then can a report repeat an earlier one byte for byte. */
    public boolean hasScanOf(ProjectRef project, ImageRef image) {
        return scans.hasScanOf(project.id(), image.id());
    }

    /** Inserts the scan row of a {@link #register registered} image. */
    public ImageScan open(ProjectRef project, ImageRef image, ReportHeader header, ReportFormat format, Viewer viewer, Instant now) {
        Instant reportTime = header.createdAt() != null ? header.createdAt() : now;
        boolean historical = scans.isOlderThanNewest(project.id(), image.id(), header.scanner(), format, reportTime);
        boolean firstOfImage = !writer.hasFindings(project.id(), image.id());
        long scanId = scans.insert(new ScanRecords.NewScan(image.id(), project.id(), header.scanner(), header.scannerVersion(),
                format, header.artifactName(), header.createdAt(), now, viewer.username()));
        return new ImageScan(project, image, format, viewer,
                new FindingWriter.Target(image.id(), project.id(), scanId, now, historical, settings.slaDays()), firstOfImage);
    }

    /** One image's scan being written. */
    public final class ImageScan {

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
