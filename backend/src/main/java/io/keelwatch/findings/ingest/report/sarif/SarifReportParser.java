package io.keelwatch.findings.ingest.report.sarif;

import io.keelwatch.findings.FindingsProblem;
import io.keelwatch.findings.ingest.report.JsonFields;
import io.keelwatch.findings.ingest.report.ReportFormat;
import io.keelwatch.findings.ingest.report.ReportHeader;
import io.keelwatch.findings.ingest.report.ReportJson;
import io.keelwatch.findings.ingest.report.ReportParser;
import io.keelwatch.findings.ingest.report.ReportSink;
import io.keelwatch.platform.KeelwatchException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.stereotype.Component;
import tools.jackson.core.JsonParser;

/**
 * SARIF 2.1.0 logs of container scanners ({@code trivy image -f sarif}, {@code grype -o sarif})
 * and of other tools. Runs and their results are streamed; one result, or one rule, is a tree at
 * a time. How results become findings is {@link SarifFindings}; how the scanned artifact is
 * identified is {@link SarifArtifacts}.
 */
@Component
class SarifReportParser implements ReportParser {

    private final ReportJson json;

    SarifReportParser(ReportJson json) {
        this.json = json;
    }

    @Override
    public ReportFormat format() {
        return ReportFormat.SARIF;
    }

    @Override
    public ReportHeader parse(InputStream report, ReportSink findings) {
        List<SarifRun> runs = new ArrayList<>();
        String[] version = new String[1];
        json.readDocument(report, "SARIF", (name, parser) -> {
            switch (name) {
                case "version" -> version[0] = JsonFields.text(parser);
                case "runs" -> json.forEachStreamedObject(parser, "the runs array", run -> runs.add(readRun(run, findings)));
                default -> parser.skipChildren();
            }
        });
        if (!"2.1.0".equals(version[0])) {
            throw new KeelwatchException(FindingsProblem.MALFORMED_REPORT,
                    "SARIF version " + version[0] + " is not supported; Keelwatch reads SARIF 2.1.0.");
        }
        if (runs.isEmpty()) {
            throw new KeelwatchException(FindingsProblem.MALFORMED_REPORT, "The SARIF log has no runs.");
        }
        SarifArtifacts.Scanned scanned = scanned(runs);
        SarifRun first = runs.get(0);
        String scanner = first.toolName == null ? "sarif" : first.toolName.toLowerCase(Locale.ROOT);
        return new ReportHeader(scanner, first.toolVersion, first.reportTime(), scanned.name(), scanned.identity());
    }

    private SarifRun readRun(JsonParser parser, ReportSink findings) {
        SarifRun run = new SarifRun();
        json.forEachProperty(parser, "a run", (name, value) -> {
            switch (name) {
                case "tool" -> json.forEachProperty(value, "the tool object", (part, driver) -> {
                    if ("driver".equals(part)) {
                        readDriver(driver, run);
                    } else {
                        driver.skipChildren();
                    }
                });
                case "results" -> json.forEachObject(value, "the results array", result -> run.addResult(SarifResult.from(result)));
                case "properties" -> run.properties = json.tree(value);
                case "originalUriBaseIds" -> run.originalUriBaseIds = json.tree(value);
                case "invocations" -> json.forEachObject(value, "the invocations array", run::noteInvocation);
                default -> value.skipChildren();
            }
        });
        run.finish(findings);
        return run;
    }

    private void readDriver(JsonParser parser, SarifRun run) {
        json.forEachProperty(parser, "the tool driver", (name, value) -> {
            switch (name) {
                case "name" -> run.toolName = JsonFields.text(value);
                case "version" -> run.toolVersion = JsonFields.text(value);
                case "semanticVersion" -> {
                    if (run.toolVersion == null) {
                        run.toolVersion = JsonFields.text(value);
                    }
                }
                case "informationUri" -> run.toolUri = JsonFields.text(value);
                case "rules" -> json.forEachObject(value, "the rules array", rule -> run.addRule(SarifRule.from(rule)));
                default -> value.skipChildren();
            }
        });
    }

    /** The one artifact the runs name; runs that name different artifacts cannot be one report. */
    private static SarifArtifacts.Scanned scanned(List<SarifRun> runs) {
        SarifArtifacts.Scanned chosen = null;
        for (SarifRun run : runs) {
            Optional<SarifArtifacts.Scanned> named = run.identify();
            if (named.isEmpty()) {
                continue;
            }
            if (chosen == null) {
                chosen = named.get();
            } else if (!chosen.identity().repository().equals(named.get().identity().repository())
                    || !chosen.identity().digest().equals(named.get().identity().digest())) {
                throw new KeelwatchException(FindingsProblem.MALFORMED_REPORT, "The SARIF log's runs scanned different artifacts ("
                        + chosen.name() + ", " + named.get().name() + "); upload one report per artifact.");
            }
        }
        if (chosen != null) {
            return chosen;
        }
        Set<String> uris = new TreeSet<>();
        runs.forEach(run -> uris.addAll(run.uris()));
        return SarifArtifacts.unidentified(runs.get(0).toolName, uris);
    }
}
