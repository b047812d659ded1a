package io.keelwatch.findings.ingest.report;

import java.time.Instant;
import java.util.List;

/**
 * A report about a cluster itself (a CIS benchmark run, a posture scan): what made it, and the
 * findings it states about the cluster's objects, each fingerprint once, with the catalog entries
 * they cite. Such reports are small (one finding per failed check and object), so they are read whole.
 *
 * @param clusterName the name the report gives the cluster, if any (the upload's {@code ?cluster=} decides)
 */
public record ClusterFindingsReport(String scanner, String scannerVersion, Instant createdAt, String clusterName,
        List<ClusterFinding> findings, List<CatalogEntry> catalog) {

    public ClusterFindingsReport {
        scanner = ReportValues.line(scanner, ReportValues.SCANNER);
        scannerVersion = ReportValues.line(scannerVersion, ReportValues.SCANNER);
        createdAt = ReportValues.time(createdAt);
        clusterName = ReportValues.line(clusterName, ReportValues.ARTIFACT_NAME);
        findings = List.copyOf(findings);
        catalog = List.copyOf(catalog);
    }
}
