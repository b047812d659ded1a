package io.keelwatch.findings;

import io.keelwatch.inventory.ArtifactIdentity;
import java.time.Instant;
import java.util.Collection;

record ParsedReport(String scanner, String scannerVersion, Instant createdAt, String artifactName,
        ArtifactIdentity artifact, Collection<ParsedFinding> findings, Collection<CatalogEntry> catalog) {
}
