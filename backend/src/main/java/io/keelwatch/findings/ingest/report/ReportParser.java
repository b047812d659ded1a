package io.keelwatch.findings.ingest.report;

import java.io.InputStream;

/** One parser per report format; it reads the report as a stream and never holds it whole. */
public interface ReportParser {

    ReportFormat format();

    /** Hands every finding and catalog entry to {@code sink} while reading; returns the report's header. */
    ReportHeader parse(InputStream report, ReportSink sink);
}
