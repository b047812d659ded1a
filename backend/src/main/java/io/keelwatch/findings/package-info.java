/**
 * Scan results: importing scanner reports (format detection, stream parsing, set-based writes),
 * the vulnerability catalog, findings with their lifecycle, and the queries behind lists,
 * dashboards and each image's scan history (what every scan changed). Other modules use
 * {@link io.keelwatch.findings.ScanImportService}, {@link io.keelwatch.findings.FindingService} and
 * {@link io.keelwatch.findings.ScanHistoryService}.
 */
package io.keelwatch.findings;
