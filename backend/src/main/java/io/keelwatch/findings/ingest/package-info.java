/**
 * Importing a report: the upload spooled to disk while it arrives, parsed on a second thread into
 * batches, written per image in one transaction (scan rows, catalog, findings, what the report no
 * longer shows closed), plus the scans API and pages. SQL lives in {@code ScanRecords},
 * {@code CatalogWriter}/{@code FindingWriter} (writes) and {@code ScanQueries} (reads).
 */
package io.keelwatch.findings.ingest;
