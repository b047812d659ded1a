package io.keelwatch.findings;

import static io.keelwatch.findings.JsonFields.decimal;
import static io.keelwatch.findings.JsonFields.integer;
import static io.keelwatch.findings.JsonFields.text;
import static io.keelwatch.findings.JsonFields.texts;
import static io.keelwatch.findings.JsonFields.timestamp;

import io.keelwatch.platform.KeelwatchException;
import io.keelwatch.platform.ProblemType;
import java.io.InputStream;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.springframework.stereotype.Component;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.JsonNode;

/**
 * Trivy's JSON report ({@code trivy image|fs|repo|sbom -f json}, SchemaVersion 2). The Results
 * array is streamed: one vulnerability, misconfiguration or secret object is in memory at a time.
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

    /** The parts of a Result that findings need, known only once the Result object has been read. */
    private record ResultContext(String target, String resultClass, String type) {
    }

    private final ReportJson json;

    TrivyReportParser(ReportJson json) {
        this.json = json;
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
                case "SchemaVersion" -> header.schemaVersion = parser.currentToken() == JsonToken.VALUE_NUMBER_INT ? parser.getIntValue() : null;
                case "Trivy" -> header.version = text(json.tree(parser), "Version");
                case "CreatedAt" -> header.createdAt = parser.getValueAsString();
                case "ArtifactID" -> header.artifactId = parser.getValueAsString();
                case "ArtifactName" -> header.artifactName = parser.getValueAsString();
                case "ArtifactType" -> header.artifactType = parser.getValueAsString();
                case "Metadata" -> header.metadata = json.tree(parser);
                case "Results" -> {
                    // Trivy writes every header field before Results: the findings can be stored while they are read.
                    if (header.complete()) {
                        header.begun = header(header);
                        findings.begin(header.begun);
                    }
                    json.forEachStreamedObject(parser, "the Results array", result -> readResult(result, findings));
                }
                case "ClusterName" -> throw new KeelwatchException(ProblemType.UNSUPPORTED_REPORT_FORMAT,
                        "trivy k8s cluster reports are not supported yet; scan each image with 'trivy image -f json'.");
                default -> parser.skipChildren();
            }
        });
        return header.begun != null ? header.begun : header(header);
    }

    private static ReportHeader header(Header header) {
        if (header.schemaVersion == null || header.schemaVersion != 2) {
            throw new KeelwatchException(ProblemType.MALFORMED_REPORT, "Trivy report SchemaVersion " + header.schemaVersion
                    + " is not supported; Keelwatch reads SchemaVersion 2 (Trivy 0.20 and later).");
        }
        if (header.artifactName == null) {
            throw new KeelwatchException(ProblemType.MALFORMED_REPORT, "The Trivy report has no ArtifactName.");
        }
        OffsetDateTime created = timestamp(header.createdAt);
        return new ReportHeader("trivy", header.version, created == null ? null : created.toInstant(), header.artifactName,
                TrivyArtifacts.identify(header.artifactName, header.artifactType, header.artifactId, header.metadata));
    }

    private void readResult(JsonParser parser, ReportSink findings) {
        ResultFindings result = new ResultFindings(findings);
        while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
            String name = parser.currentName();
            parser.nextToken();
            switch (name) {
                case "Target" -> result.target = parser.getValueAsString();
                case "Class" -> result.resultClass = parser.getValueAsString();
                case "Type" -> result.type = parser.getValueAsString();
                case "Vulnerabilities" -> json.forEachStreamedObject(parser, "the Vulnerabilities array",
                        element -> result.add(vulnerability(readVulnerability(element), findings)));
                case "Misconfigurations" -> json.forEachObject(parser, "the Misconfigurations array", node -> {
                    if ("FAIL".equals(text(node, "Status")) || text(node, "Status") == null) {
                        result.add(misconfiguration(node, findings));
                    }
                });
                case "Secrets" -> json.forEachObject(parser, "the Secrets array", node -> result.add(secret(node, findings)));
                default -> parser.skipChildren();
            }
        }
        JsonFields.expect(parser, JsonToken.END_OBJECT, "the end of a Result");
        result.finish();
    }

    /**
     * A Result's findings need its Target, Class and Type. Trivy writes those first, so findings go
     * to the sink as they are read; in any other order they wait for the end of the Result.
     */
    private static final class ResultFindings {
        private final ReportSink sink;
        private final List<Function<ResultContext, ParsedFinding>> pending = new ArrayList<>();
        String target;
        String resultClass;
        String type;

        ResultFindings(ReportSink sink) {
            this.sink = sink;
        }

        void add(Function<ResultContext, ParsedFinding> finding) {
            if (target != null && resultClass != null && type != null && pending.isEmpty()) {
                sink.add(finding.apply(new ResultContext(target, resultClass, type)));
            } else {
                pending.add(finding);
            }
        }

        void finish() {
            ResultContext context = new ResultContext(target, resultClass, type);
            pending.forEach(p -> sink.add(p.apply(context)));
        }
    }

    /**
     * The fields Keelwatch keeps of one vulnerability, read straight off the stream: vulnerabilities
     * are most of a report's bytes, and skipping what is not kept (layers, data sources, vendor
     * severities, CWE lists) without building a tree roughly halves parsing time.
     */
    private static final class VulnerabilityFields {
        String id;
        String packageName;
        String installed;
        String fixed;
        String path;
        String purl;
        String severity;
        String title;
        String description;
        String primaryUrl;
        String published;
        String modified;
        BigDecimal cvss;
        List<String> references = List.of();
    }

    private VulnerabilityFields readVulnerability(JsonParser element) {
        VulnerabilityFields v = new VulnerabilityFields();
        json.forEachProperty(element, "a vulnerability", (name, parser) -> {
            switch (name) {
                case "VulnerabilityID" -> v.id = parser.getValueAsString();
                case "PkgName" -> v.packageName = parser.getValueAsString();
                case "InstalledVersion" -> v.installed = parser.getValueAsString();
                case "FixedVersion" -> v.fixed = parser.getValueAsString();
                case "PkgPath" -> v.path = parser.getValueAsString();
                case "Severity" -> v.severity = parser.getValueAsString();
                case "Title" -> v.title = parser.getValueAsString();
                case "Description" -> v.description = parser.getValueAsString();
                case "PrimaryURL" -> v.primaryUrl = parser.getValueAsString();
                case "PublishedDate" -> v.published = parser.getValueAsString();
                case "LastModifiedDate" -> v.modified = parser.getValueAsString();
                case "PkgIdentifier" -> v.purl = text(json.tree(parser), "PURL");
                case "CVSS" -> v.cvss = cvss(json.tree(parser));
                case "References" -> v.references = texts(json.tree(parser));
                default -> parser.skipChildren();
            }
        });
        return v;
    }

    private static Function<ResultContext, ParsedFinding> vulnerability(VulnerabilityFields v, ReportSink findings) {
        if (v.id == null || v.id.isEmpty()) {
            throw new KeelwatchException(ProblemType.MALFORMED_REPORT, "A Trivy vulnerability has no VulnerabilityID.");
        }
        Severity severity = Severity.parse(v.severity);
        findings.describe(new CatalogEntry(v.id, emptyToNull(v.title), emptyToNull(v.description), severity, v.cvss,
                emptyToNull(v.primaryUrl), v.references, timestamp(v.published), timestamp(v.modified)));
        String packageName = emptyToNull(v.packageName);
        String installed = emptyToNull(v.installed);
        String path = emptyToNull(v.path);
        String purl = emptyToNull(v.purl);
        String fixed = emptyToNull(v.fixed);
        String title = emptyToNull(v.title);
        return context -> new ParsedFinding(
                Fingerprints.vulnerability(v.id, packageName, installed,
                        path != null ? path : purl != null ? purl : context.type() + ":" + context.target()),
                FindingKind.vulnerability, v.id, v.id, packageName, installed, fixed, path, purl, context.target(), null, null,
                title, severity, 1);
    }

    private static String emptyToNull(String value) {
        return value == null || value.isEmpty() ? null : value;
    }

    private static Function<ResultContext, ParsedFinding> misconfiguration(JsonNode m, ReportSink findings) {
        String id = text(m, "ID") != null ? text(m, "ID") : text(m, "AVDID");
        if (id == null) {
            throw new KeelwatchException(ProblemType.MALFORMED_REPORT, "A Trivy misconfiguration has no ID.");
        }
        Severity severity = Severity.parse(text(m, "Severity"));
        String resolution = text(m, "Resolution");
        String description = text(m, "Description");
        findings.describe(new CatalogEntry(id, text(m, "Title"),
                resolution == null ? description : (description == null ? "" : description + "\n\n") + "Resolution: " + resolution,
                severity, null, text(m, "PrimaryURL"), texts(m, "References"), null, null));
        JsonNode cause = m.get("CauseMetadata");
        String resource = text(cause, "Resource");
        Integer startLine = integer(cause, "StartLine");
        Integer endLine = integer(cause, "EndLine");
        String lines = startLine == null ? null : endLine == null || endLine.equals(startLine)
                ? "line " + startLine : "lines " + startLine + "-" + endLine;
        String location = resource == null ? lines : lines == null ? resource : resource + ", " + lines;
        String title = text(m, "Title");
        String message = text(m, "Message");
        return context -> new ParsedFinding(Fingerprints.misconfiguration(id, context.target(), resource),
                FindingKind.misconfiguration, id, id, null, null, null, null, null, context.target(), location, message,
                title, severity, 1);
    }

    /** Stores the match exactly as Trivy redacted it; the code context around it is not kept per finding. */
    private static Function<ResultContext, ParsedFinding> secret(JsonNode s, ReportSink findings) {
        String rule = text(s, "RuleID");
        if (rule == null) {
            throw new KeelwatchException(ProblemType.MALFORMED_REPORT, "A Trivy secret has no RuleID.");
        }
        Severity severity = Severity.parse(text(s, "Severity"));
        String catalogId = "secret:" + rule;
        String title = text(s, "Title");
        findings.describe(new CatalogEntry(catalogId, title,
                "Secret detected by rule " + rule + (text(s, "Category") == null ? "" : " (" + text(s, "Category") + ")") + ".",
                severity, null, null, List.of(), null, null));
        String match = text(s, "Match");
        Integer line = integer(s, "StartLine");
        return context -> new ParsedFinding(Fingerprints.secret(rule, context.target(), match), FindingKind.secret,
                catalogId, rule, null, null, null, null, null, context.target(), line == null ? null : "line " + line,
                match, title, severity, 1);
    }

    /** The NVD v3 score if given, else the highest v3 score of any source. */
    private static BigDecimal cvss(JsonNode cvss) {
        if (cvss == null || !cvss.isObject()) {
            return null;
        }
        BigDecimal nvd = decimal(cvss.get("nvd"), "V3Score");
        if (nvd != null) {
            return nvd;
        }
        BigDecimal best = null;
        for (Map.Entry<String, JsonNode> source : cvss.properties()) {
            BigDecimal score = decimal(source.getValue(), "V3Score");
            if (score != null && (best == null || score.compareTo(best) > 0)) {
                best = score;
            }
        }
        return best;
    }
}
