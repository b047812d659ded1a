package io.keelwatch.findings.ingest;

import io.keelwatch.access.Viewer;
import io.keelwatch.findings.ClusterImportResult;
import io.keelwatch.findings.ingest.report.ArtifactIdentities;
import io.keelwatch.findings.ingest.report.CatalogEntry;
import io.keelwatch.findings.ingest.report.ClusterReport;
import io.keelwatch.findings.ingest.report.ParsedFinding;
import io.keelwatch.findings.ingest.report.ReportFormat;
import io.keelwatch.findings.ingest.report.trivyoperator.OperatorReport;
import io.keelwatch.findings.ingest.report.trivyoperator.TrivyOperatorReportParser;
import io.keelwatch.inventory.ArtifactIdentity;
import io.keelwatch.inventory.ImageRef;
import io.keelwatch.inventory.InventoryService;
import io.keelwatch.inventory.NamespaceOwner;
import io.keelwatch.inventory.UploadTarget;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Imports Trivy Operator's reports as a cluster report: the images its vulnerability and secret
 * reports name (one scan each, the reports of every workload and container that runs one image
 * folded together), and the cluster's own findings. An image is its repository and digest: the
 * report's {@code artifact.digest}, or, for operator versions that record only a tag, the one digest
 * the named cluster's known workloads run under that tag in that namespace. Written by
 * {@link ClusterReportImport} in one transaction.
 */
@Component
public class OperatorReportImport {

    private final TrivyOperatorReportParser parser;
    private final ClusterReportImport clusterReports;
    private final InventoryService inventory;
    private final TransactionTemplate transaction;

    OperatorReportImport(TrivyOperatorReportParser parser, ClusterReportImport clusterReports, InventoryService inventory,
            TransactionTemplate transaction) {
        this.parser = parser;
        this.clusterReports = clusterReports;
        this.inventory = inventory;
        this.transaction = transaction;
    }

    public ClusterImportResult importReport(SpooledReport report, UploadTarget target, ClusterTarget cluster, Viewer viewer,
            Instant now) {
        OperatorReport parsed;
        try (InputStream in = report.open()) {
            parsed = parser.parse(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return transaction.execute(status -> clusterReports.write(report,
                new ClusterReportImport.Made(ReportFormat.TRIVY_OPERATOR, parsed.scannerVersion(), parsed.updatedAt()),
                identified(parsed, cluster), target, cluster, viewer, now));
    }

    /** The reports' images identified and folded per image; those without a known digest skipped, with why. */
    private ClusterReport identified(OperatorReport parsed, ClusterTarget cluster) {
        Map<String, Folded> images = new LinkedHashMap<>();
        Map<String, Unidentified> unidentified = new LinkedHashMap<>();
        for (OperatorReport.ImageReport report : parsed.images()) {
            Optional<ArtifactIdentity> identity = identity(report, cluster);
            if (identity.isEmpty()) {
                Unidentified image = unidentified.computeIfAbsent(report.reference(), r -> new Unidentified());
                image.workloads.add(report.workload());
                report.findings().forEach(f -> image.fingerprints.add(f.fingerprint()));
                continue;
            }
            String key = identity.get().repository() + "@" + identity.get().digest();
            Folded image = images.computeIfAbsent(key, k -> new Folded(identity.get(), report.reference()));
            image.workloads.add(report.workload());
            // another workload's (or container's) report of one image is another copy of its findings, not more of them
            report.findings().forEach(f -> image.findings.merge(f.fingerprint(), f, ParsedFinding::seenAgain));
        }
        List<ClusterReport.Image> identified = images.values().stream().map(Folded::image)
                .sorted(Comparator.comparing((ClusterReport.Image i) -> i.identity().repository())
                        .thenComparing(i -> i.identity().digest()))
                .toList();
        List<ClusterImportResult.SkippedImage> skipped = new ArrayList<>();
        unidentified.forEach((reference, image) -> skipped.add(new ClusterImportResult.SkippedImage(reference,
                List.copyOf(image.workloads), ClusterImportResult.SkippedImage.NO_DIGEST, cluster == null
                        ? "The report names this image by tag only; name the cluster (?cluster=) whose workloads run it."
                        : "The report names this image by tag only, and the workloads Keelwatch knows in cluster '" + cluster.name()
                                + "' run no single digest of it: post the cluster's pods to /api/v1/clusters/" + cluster.name()
                                + "/workloads first.", image.fingerprints.size())));
        skipped.addAll(parsed.skipped());
        Set<String> cited = Stream.concat(identified.stream().flatMap(i -> i.findings().stream()),
                parsed.clusterFindings().stream().map(f -> f.finding())).map(ParsedFinding::catalogId).collect(Collectors.toSet());
        List<CatalogEntry> catalog = parsed.catalog().stream().filter(e -> cited.contains(e.id()))
                .sorted(Comparator.comparing(CatalogEntry::id)).toList();
        return new ClusterReport(null, catalog, identified, parsed.clusterFindings(), skipped,
                new ClusterImportResult.NotImported(0, 0, 0, 0));
    }

    /**
     * The report's digest, else the one the cluster runs under the report's tag in its namespace; a
     * caller who files only their teams' namespaces resolves only there.
     */
    private Optional<ArtifactIdentity> identity(OperatorReport.ImageReport report, ClusterTarget cluster) {
        List<String> tags = report.tag() == null ? List.of() : List.of(report.tag());
        if (report.digest() != null) {
            return Optional.of(new ArtifactIdentity(report.repository(), report.digest(), ArtifactIdentities.CONTAINER_IMAGE, tags,
                    report.osFamily(), report.osName()));
        }
        if (cluster == null || report.tag() == null || report.namespace() == null || !mayResolveIn(cluster, report.namespace())) {
            return Optional.empty();
        }
        Optional<ImageRef> running = inventory.runningUnderTag(cluster.id(), report.namespace(), report.repository(), report.tag());
        return running.map(image -> new ArtifactIdentity(image.repository(), image.digest(), ArtifactIdentities.CONTAINER_IMAGE,
                tags, report.osFamily(), report.osName()));
    }

    private boolean mayResolveIn(ClusterTarget cluster, String namespace) {
        return cluster.wholeCluster() || inventory.namespaceOwner(cluster.id(), namespace).map(NamespaceOwner::teamId)
                .filter(cluster.teams()::contains).isPresent();
    }

    /** An identified image and what its reports say. */
    private static final class Folded {
        final ArtifactIdentity identity;
        final String reference;
        final Set<String> workloads = new LinkedHashSet<>();
        final Map<String, ParsedFinding> findings = new LinkedHashMap<>();

        Folded(ArtifactIdentity identity, String reference) {
            this.identity = identity;
            this.reference = reference;
        }

        ClusterReport.Image image() {
            return new ClusterReport.Image(identity, reference, List.copyOf(workloads), List.copyOf(findings.values()));
        }
    }

    /** An image the reports name without a digest Keelwatch could learn. */
    private static final class Unidentified {
        final Set<String> workloads = new LinkedHashSet<>();
        final Set<String> fingerprints = new LinkedHashSet<>();
    }
}
