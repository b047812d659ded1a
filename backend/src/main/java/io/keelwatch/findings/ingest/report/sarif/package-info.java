/** SARIF 2.1.0 reports of any scanner, with what Trivy and Grype put in them read exactly. */
package io.keelwatch.findings.ingest.report.sarif;
