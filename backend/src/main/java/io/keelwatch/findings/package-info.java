/**
 * Scan results: importing scanner reports (format detection, stream parsing, set-based writes),
 * the vulnerability catalog, findings with their lifecycle, and the queries behind lists and
 * dashboards. Other modules use {@link io.keelwatch.findings.ScanImportService} and
 * {@link io.keelwatch.findings.FindingService}.
 */
package io.keelwatch.findings;
