package io.keelwatch.findings.ingest.report.trivy;

import static io.keelwatch.findings.ingest.report.JsonFields.text;
import static io.keelwatch.findings.ingest.report.JsonFields.timestamp;

import io.keelwatch.findings.FindingsProblem;
import io.keelwatch.findings.ingest.report.JsonFields;
import io.keelwatch.findings.ingest.report.ReportFormat;
import io.keelwatch.findings.ingest.report.ReportHeader;
import io.keelwatch.findings.ingest.report.ReportJson;
import io.keelwatch.findings.ingest.report.ReportParser;
import io.keelwatch.findings.ingest.report.ReportSink;
import io.keelwatch.platform.KeelwatchException;
import java.io.InputStream;
import java.time.OffsetDateTime;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * Trivy's JSON report ({@code trivy image|fs|repo|sbom -f json}, SchemaVersion 2). The Results
 * array is streamed ({@link TrivyResults}): one vulnerability, misconfiguration or secret object is
 * in memory at a time.
 */
@Component
class TrivyReportParser implements ReportParser {

    /** The top-level fields other than Results, in whatever order the report has them. */
    private static final class Header {
        Integer schemaVersion;
        String version;
        String createdAt;
        String artifactId;
        String artifactName;
        String artifactType;
        JsonNode metadata;
        ReportHeader begun;

        /** Whether everything that identifies the report has been read (fields after Results are never expected). */
        boolean complete() {
            return schemaVersion != null && createdAt != null && artifactName != null && artifactType != null && metadata != null;
        }
    }

    private final ReportJson json;
    private final TrivyResults results;

    TrivyReportParser(ReportJson json, TrivyResults results) {
        this.json = json;
        this.results = results;
    }

    @Override
    public ReportFormat format() {
        return ReportFormat.TRIVY;
    }

    @Override
    public ReportHeader parse(InputStream report, ReportSink findings) {
        Header header = new Header();
        json.readDocument(report, "Trivy", (name, parser) -> {
            switch (name) {
                case "SchemaVersion" -> header.schemaVersion = JsonFields.integer(parser);
                case "Trivy" -> header.version = text(json.tree(parser), "Version");
                case "CreatedAt" -> header.createdAt = JsonFields.text(parser);
                case "ArtifactID" -> header.artifactId = JsonFields.text(parser);
                case "ArtifactName" -> header.artifactName = JsonFields.text(parser);
                case "ArtifactType" -> header.artifactType = JsonFields.text(parser);
                case "Metadata" -> header.metadata = json.tree(parser);
                case "Results" -> {
                    // Trivy writes every header field before Results: the findings can be stored while they are read.
                    if (header.complete()) {
                        header.begun = header(header);
                        findings.begin(header.begun);
                    }
                    json.forEachStreamedObject(parser, "the Results array", result -> results.read(result, findings));
                }
                default -> parser.skipChildren();
            }
        });
        return header.begun != null ? header.begun : header(header);
    }

    private static ReportHeader header(Header header) {
        if (header.schemaVersion == null || header.schemaVersion != 2) {
            throw new KeelwatchException(FindingsProblem.MALFORMED_REPORT, "Trivy report SchemaVersion " + header.schemaVersion
                    + " is not supported; Keelwatch reads SchemaVersion 2 (Trivy 0.20 and later).");
        }
        if (header.artifactName == null) {
            throw new KeelwatchException(FindingsProblem.MALFORMED_REPORT, "The Trivy report has no ArtifactName.");
        }
        OffsetDateTime created = timestamp(header.createdAt);
        return new ReportHeader("trivy", header.version, created == null ? null : created.toInstant(), header.artifactName,
                TrivyArtifacts.identify(header.artifactName, header.artifactType, header.artifactId, header.metadata));
    }
}
