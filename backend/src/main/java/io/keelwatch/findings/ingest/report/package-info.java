/**
 * The report model every parser produces ({@code ParsedFinding}, {@code CatalogEntry},
 * {@code ReportHeader}, handed to a {@code ReportSink}), format detection by content, and what
 * parsers share: fingerprints, purls, image identities, streaming JSON. Parsers live in a
 * sub-package per format and depend on nothing but this model (an architecture test keeps them free
 * of persistence).
 */
package io.keelwatch.findings.ingest.report;
