/**
 * Scan results: importing scanner reports, the vulnerability catalog, findings with their
 * lifecycle, triage, exceptions (risk acceptances, false positives, VEX decisions) and each
 * image's scan history.
 *
 * <p>This root package is the module's API: {@link io.keelwatch.findings.ScanImportService},
 * {@link io.keelwatch.findings.FindingService}, {@link io.keelwatch.findings.FindingExceptionService},
 * {@link io.keelwatch.findings.ScanHistoryService}, the records they return and the module's
 * vocabulary ({@link io.keelwatch.findings.Severity}, {@link io.keelwatch.findings.FindingStatus},
 * {@link io.keelwatch.findings.FindingKind}). Everything else sits in sub-packages by use case,
 * internal to the module: {@code ingest} (and its parsers in {@code ingest.report}), {@code list},
 * {@code triage}, {@code exceptions}, {@code vex}, {@code history}, {@code exposure}.
 */
package io.keelwatch.findings;
