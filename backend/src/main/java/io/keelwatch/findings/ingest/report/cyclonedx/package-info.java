/** CycloneDX JSON documents with vulnerabilities (1.4–1.7). */
package io.keelwatch.findings.ingest.report.cyclonedx;
