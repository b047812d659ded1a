package io.keelwatch.findings.ingest.report;

import static io.keelwatch.findings.ingest.report.ReportValues.identifier;
import static io.keelwatch.findings.ingest.report.ReportValues.line;

import io.keelwatch.inventory.ArtifactIdentity;
import java.time.Instant;

/**
 * What a report says about itself: who made it, when, and of what; stored as {@link ReportValues}
 * makes the values (a repository or tag cut to its limit stays distinct, the digest is always one
 * Keelwatch checked or derived).
 */
public record ReportHeader(String scanner, String scannerVersion, Instant createdAt, String artifactName, ArtifactIdentity artifact) {

    public ReportHeader {
        scanner = line(scanner, ReportValues.SCANNER);
        scannerVersion = line(scannerVersion, ReportValues.SCANNER);
        createdAt = ReportValues.time(createdAt);
        artifactName = line(artifactName, ReportValues.ARTIFACT_NAME);
        artifact = new ArtifactIdentity(identifier(artifact.repository(), ReportValues.REPOSITORY), artifact.digest(),
                artifact.artifactType(),
                artifact.tags().stream().map(tag -> identifier(tag, ReportValues.TAG)).distinct().limit(ReportValues.TAGS).toList(),
                line(artifact.osFamily(), ReportValues.OS), line(artifact.osName(), ReportValues.OS));
    }
}
