package io.keelwatch.findings.ingest.report;

import io.keelwatch.inventory.ArtifactIdentity;
import java.time.Instant;

/** What a report says about itself: who made it, when, and of what. */
public record ReportHeader(String scanner, String scannerVersion, Instant createdAt, String artifactName, ArtifactIdentity artifact) {
}
