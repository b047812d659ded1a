package io.keelwatch.findings.ingest.report;

/** Where a parser hands over a report's findings and catalog entries, one at a time, as it reads them. */
public interface ReportSink {

    /**
     * The report's header, as soon as the parser is sure it is complete (Trivy writes it before the
     * results). Findings that follow can be written while the rest is still being read; a parser
     * that learns the header only at the end (Grype) never calls this.
     */
    default void begin(ReportHeader header) {
    }

    /** Describes a catalog entry; always before the first finding that refers to it. */
    void describe(CatalogEntry entry);

    void add(ParsedFinding finding);
}
