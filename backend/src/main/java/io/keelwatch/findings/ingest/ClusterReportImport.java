package io.keelwatch.findings.ingest;

import io.keelwatch.access.Viewer;
import io.keelwatch.findings.ClusterImportResult;
import io.keelwatch.findings.ClusterScanResult;
import io.keelwatch.findings.FindingKind;
import io.keelwatch.findings.FindingsProblem;
import io.keelwatch.findings.ImportResult;
import io.keelwatch.findings.exposure.ExposureRecount;
import io.keelwatch.findings.ingest.report.CatalogEntry;
import io.keelwatch.findings.ingest.report.ClusterFinding;
import io.keelwatch.findings.ingest.report.ReportFormat;
import io.keelwatch.findings.ingest.report.ReportHeader;
import io.keelwatch.findings.ingest.report.ClusterReport;
import io.keelwatch.findings.ingest.report.trivyk8s.ClusterReportBuilder;
import io.keelwatch.findings.ingest.report.trivyk8s.TrivyClusterReportParser;
import io.keelwatch.inventory.InventoryProblem;
import io.keelwatch.inventory.InventoryService;
import io.keelwatch.inventory.ProjectRef;
import io.keelwatch.inventory.UploadTarget;
import io.keelwatch.platform.KeelwatchException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Imports a trivy k8s cluster report as one scan per image it identifies, and, given the cluster,
 * one scan of the cluster's own findings ({@link ClusterScans}), all in one transaction,
 * each through the same per-image write path as a single-image report ({@link ImageScans}). The
 * report is read whole first (its findings grouped per image, see {@link ClusterReportBuilder}),
 * so a malformed one is refused before anything is written.
 */
@Component
public class ClusterReportImport {

    private static final int NAMES_IN_A_MESSAGE = 5;

    private final TrivyClusterReportParser parser;
    private final InventoryService inventory;
    private final ImageScans images;
    private final CatalogWriter catalog;
    private final ExposureRecount exposure;
    private final TransactionTemplate transaction;
    private final ClusterScans clusterScans;

    ClusterReportImport(TrivyClusterReportParser parser, InventoryService inventory, ImageScans images, CatalogWriter catalog,
            ExposureRecount exposure, TransactionTemplate transaction, ClusterScans clusterScans) {
        this.parser = parser;
        this.clusterScans = clusterScans;
        this.inventory = inventory;
        this.images = images;
        this.catalog = catalog;
        this.exposure = exposure;
        this.transaction = transaction;
    }

    /**
     * @param target  the project every image goes to (created first if asked for), or none to map each
     *                image by repository rules
     * @param cluster the cluster the report's own findings (objects that run no identified image) go to,
     *                or null: they are counted as not imported
     * @param now     the import's time (in the past only when back-filling a history)
     */
    public ClusterImportResult importReport(SpooledReport report, UploadTarget target, ClusterTarget cluster, Viewer viewer,
            Instant now) {
        ClusterReport parsed;
        try (InputStream in = report.open()) {
            parsed = parser.parse(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return transaction.execute(status -> write(report, new Made(ReportFormat.TRIVY_K8S, null, null), parsed, target, cluster,
                viewer, now));
    }

    /** The format and Trivy's version and time, as the report gives them, of a cluster report being written. */
    public record Made(ReportFormat format, String scannerVersion, Instant createdAt) {
    }

    /**
     * Writes a cluster report read whole (a trivy k8s report, or Trivy Operator's reports with their
     * images identified), within the caller's transaction: one scan per image, and one of the cluster's
     * own findings when a cluster is named.
     */
    public ClusterImportResult write(SpooledReport report, Made made, ClusterReport cluster, UploadTarget target, ClusterTarget named,
            Viewer viewer, Instant now) {
        List<ClusterImportResult.SkippedImage> skipped = new ArrayList<>();
        List<Filed> filed = projects(cluster, target, viewer, skipped);
        skipped.addAll(cluster.skipped());
        if (filed.isEmpty() && named == null) {
            throw nothingToImport(cluster, made.format());
        }
        List<ImportResult> results = new ArrayList<>();
        Set<Long> written = new LinkedHashSet<>();
        Map<Long, List<CatalogEntry>> catalogs = catalogPerTeam(cluster.catalog(), filed);
        Set<Long> described = new HashSet<>();
        // The first scan this import writes keeps the report; the others name it.
        Long reportHeldBy = null;
        for (Filed next : filed) {
            ReportHeader header = new ReportHeader("trivy", made.scannerVersion(), made.createdAt(), next.image().reference(),
                    next.image().identity());
            ImageScans.Start start = images.begin(next.project(), header, made.format(), () -> report, viewer, now);
            if (start instanceof ImageScans.Duplicate duplicate) {
                results.add(duplicate.result());
                continue;
            }
            ImageScans.ImageScan scan = (ImageScans.ImageScan) start;
            long teamId = next.project().teamId();
            if (described.add(teamId)) {
                catalog.upsert(teamId, catalogs.get(teamId));
            }
            results.add(write(scan, next.image(), reportHeldBy == null
                    ? ScanRecords.StoredReport.of(report) : ScanRecords.StoredReport.heldBy(reportHeldBy, report)));
            reportHeldBy = reportHeldBy == null ? scan.scanId() : reportHeldBy;
            written.add(next.project().id());
        }
        written.forEach(exposure::recount);
        ClusterScanResult ofCluster = null;
        if (named != null) {
            ofCluster = clusterScans.write(named, new ClusterScans.Source("trivy", made.scannerVersion(), made.createdAt(),
                    cluster.clusterName(), made.format()), cluster.clusterFindings(), cluster.catalog(), () -> report, reportHeldBy,
                    viewer, now);
        }
        boolean duplicate = written.isEmpty() && (ofCluster == null || ofCluster.duplicate());
        return new ClusterImportResult(duplicate, made.format().id(), cluster.clusterName(), results, skipped,
                named == null ? withClusterFindings(cluster) : cluster.notImported(), ofCluster);
    }

    /** Without a cluster to file them under, the cluster's own findings are not imported either. */
    private static ClusterImportResult.NotImported withClusterFindings(ClusterReport cluster) {
        ClusterImportResult.NotImported images = cluster.notImported();
        List<ClusterFinding> own = cluster.clusterFindings();
        long objects = own.stream().map(f -> f.namespace() + "/" + f.resourceKind() + "/" + f.resourceName()).distinct().count();
        return new ClusterImportResult.NotImported(images.resources() + (int) objects,
                images.vulnerabilities() + count(own, FindingKind.vulnerability),
                images.misconfigurations() + count(own, FindingKind.misconfiguration),
                images.secrets() + count(own, FindingKind.secret));
    }

    private static int count(List<ClusterFinding> findings, FindingKind kind) {
        return (int) findings.stream().filter(f -> f.finding().kind() == kind).count();
    }

    /** The image's findings, then the rest of its scan. */
    private static ImportResult write(ImageScans.ImageScan scan, ClusterReport.Image image, ScanRecords.StoredReport stored) {
        scan.write(image.findings());
        return scan.close(List.of(), image.bySeverity(), stored);
    }

    /**
     * Per team the import files images for, the catalog entries those images' findings cite: each
     * team's catalog is written once, with only what its own findings show.
     */
    private static Map<Long, List<CatalogEntry>> catalogPerTeam(List<CatalogEntry> entries, List<Filed> filed) {
        Map<Long, Set<String>> cited = new HashMap<>();
        for (Filed next : filed) {
            Set<String> ids = cited.computeIfAbsent(next.project().teamId(), team -> new HashSet<>());
            next.image().findings().forEach(finding -> ids.add(finding.catalogId()));
        }
        Map<Long, List<CatalogEntry>> catalogs = new HashMap<>();
        cited.forEach((team, ids) -> catalogs.put(team, entries.stream().filter(entry -> ids.contains(entry.id())).toList()));
        return catalogs;
    }

    /** An identified image and the project it is filed under. */
    private record Filed(ClusterReport.Image image, ProjectRef project) {
    }

    /**
     * The project of each identified image: the one named, else the one a repository rule maps its
     * repository to, if the caller may upload there and it is not archived. Images no project takes are
     * skipped, so a cluster's system images need no project of their own.
     */
    private List<Filed> projects(ClusterReport cluster, UploadTarget target, Viewer viewer,
            List<ClusterImportResult.SkippedImage> skipped) {
        List<Filed> filed = new ArrayList<>();
        ProjectRef named = target.project() == null ? null : inventory.projectForUpload(target, null, viewer);
        for (ClusterReport.Image image : cluster.images()) {
            String repository = image.identity().repository();
            Optional<ProjectRef> project = named != null ? Optional.of(named)
                    : inventory.mappedProject(repository, viewer).filter(p -> viewer.canWriteTo(p.teamId()));
            if (project.isPresent()) {
                filed.add(new Filed(image, project.get()));
            } else {
                skipped.add(new ClusterImportResult.SkippedImage(repository + "@" + image.identity().digest(), image.workloads(),
                        ClusterImportResult.SkippedImage.NO_PROJECT, "No active project you may upload to maps repository '" + repository
                                + "'; add a repository rule or pass ?project=<slug>.", image.findings().size()));
            }
        }
        return filed;
    }

    /** Why nothing was imported, and what to do about it. */
    private static KeelwatchException nothingToImport(ClusterReport cluster, ReportFormat format) {
        if (!cluster.images().isEmpty()) {
            List<String> repositories = cluster.images().stream().map(i -> i.identity().repository()).distinct().toList();
            return new KeelwatchException(InventoryProblem.UNKNOWN_PROJECT, "No project you may upload to maps any image of this cluster "
                    + "report (repositories: " + names(repositories) + "); pass ?project=<slug> or add repository rules.");
        }
        List<String> withoutDigest = cluster.skipped().stream()
                .filter(s -> ClusterImportResult.SkippedImage.NO_DIGEST.equals(s.reason()))
                .map(s -> s.image() + " in " + String.join(", ", s.workloads()))
                .toList();
        ClusterImportResult.NotImported notImported = withClusterFindings(cluster);
        int others = notImported.vulnerabilities() + notImported.misconfigurations() + notImported.secrets();
        if (format == ReportFormat.TRIVY_OPERATOR) {
            return new KeelwatchException(FindingsProblem.NO_IMPORTABLE_IMAGE, "Nothing in these Trivy Operator reports can be "
                    + "imported: Keelwatch files image findings under an image's repository and digest, and "
                    + (withoutDigest.isEmpty() ? "the reports name no image" : "no digest is known for " + names(withoutDigest))
                    + ". Name the cluster (?cluster=<name>): its workloads, posted to /api/v1/clusters/{cluster}/workloads, tell "
                    + "which digest a tag runs at, and its configuration, RBAC and compliance findings are filed there."
                    + (others == 0 ? "" : " " + others + " findings of the cluster's objects were not imported either."));
        }
        return new KeelwatchException(FindingsProblem.NO_IMPORTABLE_IMAGE, "Nothing in this trivy k8s report can be imported: "
                + "Keelwatch files findings under an image, identified by repository and digest, and the report names no image "
                + "with a digest" + (withoutDigest.isEmpty() ? "" : " (" + names(withoutDigest) + ")") + ". Trivy 0.50 and later "
                + "record each image's RepoDigests in the cluster report: scan again with a current Trivy "
                + "(trivy k8s --format json --report all, with the vuln scanner on)."
                + (others == 0 ? "" : " The " + others + " findings of workloads and other resources were not imported "
                        + "either: pass ?cluster=<name> to file them under their cluster."));
    }

    private static String names(List<String> names) {
        return names.stream().limit(NAMES_IN_A_MESSAGE).collect(Collectors.joining("; "))
                + (names.size() > NAMES_IN_A_MESSAGE ? " and " + (names.size() - NAMES_IN_A_MESSAGE) + " more" : "");
    }
}
