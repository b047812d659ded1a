package io.keelwatch.findings.ingest.report;

import io.keelwatch.findings.ClusterImportResult;
import io.keelwatch.findings.Severity;
import io.keelwatch.findings.ingest.report.CatalogEntry;
import io.keelwatch.findings.ingest.report.ClusterFinding;
import io.keelwatch.findings.ingest.report.ParsedFinding;
import io.keelwatch.inventory.ArtifactIdentity;
import java.util.List;
import java.util.Map;

/**
 * A trivy k8s report as Keelwatch imports it: the findings of each image it identified (its
 * vulnerabilities and secrets, folded across the workloads that run it, and the manifest findings
 * of those workloads), in image order, the findings of objects that run no identified image (the
 * cluster's own), and what it names but cannot import.
 *
 * @param catalog         the catalog entries the images' and the cluster's findings refer to
 * @param clusterFindings each fingerprint once
 * @param notImported     image results that have no identified image to go to
 */
public record ClusterReport(String clusterName, List<CatalogEntry> catalog, List<Image> images,
        List<ClusterFinding> clusterFindings, List<ClusterImportResult.SkippedImage> skipped,
        ClusterImportResult.NotImported notImported) {

    /**
     * @param reference the name the report gives the image ({@code repository:tag}, else {@code repository@digest})
     * @param workloads {@code namespace/Kind/Name} of the workloads that run it
     * @param findings  each fingerprint once
     */
    public record Image(ArtifactIdentity identity, String reference, List<String> workloads, List<ParsedFinding> findings) {

        public Map<Severity, Integer> bySeverity() {
            return Severity.count(findings.stream().map(ParsedFinding::severity).toList());
        }
    }
}
