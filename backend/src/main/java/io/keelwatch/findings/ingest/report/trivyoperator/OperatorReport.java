package io.keelwatch.findings.ingest.report.trivyoperator;

import io.keelwatch.findings.ClusterImportResult;
import io.keelwatch.findings.ingest.report.CatalogEntry;
import io.keelwatch.findings.ingest.report.ClusterFinding;
import io.keelwatch.findings.ingest.report.ParsedFinding;
import io.keelwatch.findings.ingest.report.ReportValues;
import java.time.Instant;
import java.util.List;

/**
 * Trivy Operator's reports as read, before their images are identified: an image report names its
 * image by registry, repository, tag and (in most versions) digest, and the workload it was found
 * in; which image row that is, when only a tag is given, is decided at import, where the cluster's
 * known workloads can tell.
 *
 * @param updatedAt     the newest {@code updateTimestamp} of the reports, or null
 * @param clusterFindings each fingerprint once
 * @param skipped       resources that are no report Keelwatch imports
 */
public record OperatorReport(String scannerVersion, Instant updatedAt, List<ImageReport> images,
        List<ClusterFinding> clusterFindings, List<CatalogEntry> catalog, List<ClusterImportResult.SkippedImage> skipped) {

    public OperatorReport {
        images = List.copyOf(images);
        clusterFindings = List.copyOf(clusterFindings);
        catalog = List.copyOf(catalog);
        skipped = List.copyOf(skipped);
    }

    /**
     * One VulnerabilityReport or ExposedSecretReport: the image of one container of one workload.
     *
     * @param repository in Keelwatch's spelling ({@code nginx}, {@code ghcr.io/acme/api})
     * @param tag        null when the report gives none
     * @param digest     {@code sha256:…}, or null when the report gives none
     * @param namespace  the workload's, null for a cluster-scoped report
     * @param workload   {@code namespace/Kind/name} as the report's labels name it
     * @param findings   each fingerprint once
     */
    public record ImageReport(String repository, String tag, String digest, String osFamily, String osName, String namespace,
            String workload, List<ParsedFinding> findings) {

        public ImageReport {
            repository = ReportValues.identifier(repository, ReportValues.REPOSITORY);
            tag = ReportValues.identifier(tag, ReportValues.TAG);
            osFamily = ReportValues.line(osFamily, ReportValues.OS);
            osName = ReportValues.line(osName, ReportValues.OS);
            workload = ReportValues.identifier(workload, ReportValues.ARTIFACT_NAME);
            findings = List.copyOf(findings);
        }

        /** {@code repository:tag}, else {@code repository@digest}, else the repository. */
        public String reference() {
            return tag != null ? repository + ":" + tag : digest != null ? repository + "@" + digest : repository;
        }
    }
}
