/** Grype JSON reports ({@code grype -o json}). */
package io.keelwatch.findings.ingest.report.grype;
