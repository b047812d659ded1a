package io.keelwatch.findings.ingest.report.trivy;

import static io.keelwatch.findings.ingest.report.JsonFields.score;
import static io.keelwatch.findings.ingest.report.JsonFields.integer;
import static io.keelwatch.findings.ingest.report.JsonFields.text;
import static io.keelwatch.findings.ingest.report.JsonFields.texts;
import static io.keelwatch.findings.ingest.report.JsonFields.timestamp;

import io.keelwatch.findings.FindingKind;
import io.keelwatch.findings.FindingsProblem;
import io.keelwatch.findings.Severity;
import io.keelwatch.findings.ingest.report.CatalogEntry;
import io.keelwatch.findings.ingest.report.Fingerprints;
import io.keelwatch.findings.ingest.report.JsonFields;
import io.keelwatch.findings.ingest.report.ParsedFinding;
import io.keelwatch.findings.ingest.report.ReportJson;
import io.keelwatch.findings.ingest.report.ReportSink;
import io.keelwatch.platform.KeelwatchException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.springframework.stereotype.Component;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.JsonNode;

/**
 * One Trivy Result object ({@code Target}, {@code Class}, {@code Type} and its vulnerabilities,
 * failed misconfigurations and secrets), as both {@code trivy image|fs|repo} reports and
 * {@code trivy k8s} reports hold them. Vulnerabilities are streamed: one object is in memory at a time.
 */
@Component
public class TrivyResults {

    /** What a Result says about where its findings are, known only once the Result object has been read. */
    public record Context(String target, String resultClass, String type) {
    }

    private final ReportJson json;

    public TrivyResults(ReportJson json) {
        this.json = json;
    }

    /**
     * Reads the Result object the parser stands on, handing its catalog entries and findings to
     * {@code findings}; returns the Result's Target, Class and Type.
     */
    public Context read(JsonParser parser, ReportSink findings) {
        ResultFindings result = new ResultFindings(findings);
        while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
            String name = parser.currentName();
            parser.nextToken();
            switch (name) {
                case "Target" -> result.target = JsonFields.text(parser);
                case "Class" -> result.resultClass = JsonFields.text(parser);
                case "Type" -> result.type = JsonFields.text(parser);
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
        return result.finish();
    }

    /**
     * A Result's findings need its Target, Class and Type. Trivy writes those first, so findings go
     * to the sink as they are read; in any other order they wait for the end of the Result.
     */
    private static final class ResultFindings {
        private final ReportSink sink;
        private final List<Function<Context, ParsedFinding>> pending = new ArrayList<>();
        String target;
        String resultClass;
        String type;

        ResultFindings(ReportSink sink) {
            this.sink = sink;
        }

        void add(Function<Context, ParsedFinding> finding) {
            if (target != null && resultClass != null && type != null && pending.isEmpty()) {
                sink.add(finding.apply(new Context(target, resultClass, type)));
            } else {
                pending.add(finding);
            }
        }

        Context finish() {
            Context context = new Context(target, resultClass, type);
            pending.forEach(p -> sink.add(p.apply(context)));
            return context;
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
                case "VulnerabilityID" -> v.id = JsonFields.text(parser);
                case "PkgName" -> v.packageName = JsonFields.text(parser);
                case "InstalledVersion" -> v.installed = JsonFields.text(parser);
                case "FixedVersion" -> v.fixed = JsonFields.text(parser);
                case "PkgPath" -> v.path = JsonFields.text(parser);
                case "Severity" -> v.severity = JsonFields.text(parser);
                case "Title" -> v.title = JsonFields.text(parser);
                case "Description" -> v.description = JsonFields.text(parser);
                case "PrimaryURL" -> v.primaryUrl = JsonFields.text(parser);
                case "PublishedDate" -> v.published = JsonFields.text(parser);
                case "LastModifiedDate" -> v.modified = JsonFields.text(parser);
                case "PkgIdentifier" -> v.purl = text(json.tree(parser), "PURL");
                case "CVSS" -> v.cvss = cvss(json.tree(parser));
                case "References" -> v.references = texts(json.tree(parser));
                default -> parser.skipChildren();
            }
        });
        return v;
    }

    private static Function<Context, ParsedFinding> vulnerability(VulnerabilityFields v, ReportSink findings) {
        if (v.id == null || v.id.isEmpty()) {
            throw new KeelwatchException(FindingsProblem.MALFORMED_REPORT, "A Trivy vulnerability has no VulnerabilityID.");
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
        // An OS package's Result is the image itself; a language package is in its PkgPath, or (found in a
        // lockfile) in the Result's Target, which is also the file Trivy's SARIF names for it.
        return context -> new ParsedFinding(
                "os-pkgs".equals(context.resultClass()) || Fingerprints.isDistributionPackage(purl)
                        ? Fingerprints.distributionPackageVulnerability(v.id, packageName, installed)
                        : Fingerprints.packageVulnerability(v.id, packageName, installed,
                                path != null ? path : context.target(), purl),
                FindingKind.vulnerability, v.id, v.id, packageName, installed, fixed, path, purl, context.target(), null, null,
                title, severity, 1);
    }

    private static String emptyToNull(String value) {
        return value == null || value.isEmpty() ? null : value;
    }

    private static Function<Context, ParsedFinding> misconfiguration(JsonNode m, ReportSink findings) {
        String id = text(m, "ID") != null ? text(m, "ID") : text(m, "AVDID");
        if (id == null) {
            throw new KeelwatchException(FindingsProblem.MALFORMED_REPORT, "A Trivy misconfiguration has no ID.");
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
    private static Function<Context, ParsedFinding> secret(JsonNode s, ReportSink findings) {
        String rule = text(s, "RuleID");
        if (rule == null) {
            throw new KeelwatchException(FindingsProblem.MALFORMED_REPORT, "A Trivy secret has no RuleID.");
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
        BigDecimal nvd = score(cvss.get("nvd"), "V3Score");
        if (nvd != null) {
            return nvd;
        }
        BigDecimal best = null;
        for (Map.Entry<String, JsonNode> source : cvss.properties()) {
            BigDecimal score = score(source.getValue(), "V3Score");
            if (score != null && (best == null || score.compareTo(best) > 0)) {
                best = score;
            }
        }
        return best;
    }
}
