/** Trivy JSON reports (SchemaVersion 2) of images, file systems and repositories. */
package io.keelwatch.findings.ingest.report.trivy;
