package io.keelwatch.findings;

import java.io.InputStream;

/** One parser per report format; it reads the report as a stream and never holds it whole. */
interface ReportParser {

    ReportFormat format();

    ParsedReport parse(InputStream report);
}
