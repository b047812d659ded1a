package io.keelwatch.findings.ingest.report.kubebench;

import io.keelwatch.findings.FindingKind;
import io.keelwatch.findings.Severity;
import io.keelwatch.findings.ingest.report.CatalogEntry;
import io.keelwatch.findings.ingest.report.ClusterFinding;
import io.keelwatch.findings.ingest.report.ClusterFindingsReport;
import io.keelwatch.findings.ingest.report.ClusterReportParser;
import io.keelwatch.findings.ingest.report.Fingerprints;
import io.keelwatch.findings.ingest.report.JsonFields;
import io.keelwatch.findings.ingest.report.ParsedFinding;
import io.keelwatch.findings.ingest.report.ReportFormat;
import io.keelwatch.findings.ingest.report.ReportJson;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * kube-bench's JSON ({@code kube-bench --json}): {@code {"Controls": [...], "Totals": {...}}}, or,
 * from older versions and per-target runs, the bare array of Controls. Each Controls object is one
 * benchmark section run on one node type ({@code node_type}: master, etcd, controlplane, node,
 * policies), its {@code tests} groups of {@code results}, one per CIS check with its {@code status}
 * (kube-bench's check.State: PASS, FAIL, WARN, INFO).
 *
 * <p>A FAIL is a finding, and so is a WARN: kube-bench warns where a check could not be decided
 * automatically (a manual check, an audit that found nothing), which someone has to review.
 * kube-bench states no severity: a FAIL is MEDIUM, a WARN LOW. A check is the cluster's, placed on
 * the node type it ran for (kube-bench's JSON names no node); its id is {@code CIS-<test_number>}.
 * The audit's {@code actual_value} (process command lines, file contents) is not kept: it can hold
 * credentials passed as flags.
 */
@Component
public class KubeBenchReportParser implements ClusterReportParser {

    private static final String NODE_TYPE = "NodeType";

    private final ReportJson json;

    KubeBenchReportParser(ReportJson json) {
        this.json = json;
    }

    @Override
    public ReportFormat format() {
        return ReportFormat.KUBE_BENCH;
    }

    @Override
    public ClusterFindingsReport parse(InputStream report) {
        Map<String, ClusterFinding> findings = new LinkedHashMap<>();
        Map<String, CatalogEntry> catalog = new LinkedHashMap<>();
        json.readObjectOrArray(report, "kube-bench", (name, parser) -> {
            if ("Controls".equals(name)) {
                json.forEachObject(parser, "the Controls array", controls -> controls(controls, findings, catalog));
            } else {
                parser.skipChildren();
            }
        }, element -> controls(json.tree(element), findings, catalog));
        return new ClusterFindingsReport("kube-bench", null, null, null, List.copyOf(findings.values()),
                List.copyOf(catalog.values()));
    }

    private static void controls(JsonNode controls, Map<String, ClusterFinding> findings, Map<String, CatalogEntry> catalog) {
        String nodeType = JsonFields.text(controls, "node_type");
        String benchmark = "CIS Kubernetes Benchmark " + (JsonFields.text(controls, "version") == null ? ""
                : JsonFields.text(controls, "version") + " ") + "(" + (nodeType == null ? "?" : nodeType) + ")";
        for (JsonNode test : controls.path("tests")) {
            String section = JsonFields.text(test, "section");
            String sectionText = JsonFields.text(test, "desc");
            for (JsonNode result : test.path("results")) {
                Severity severity = severity(JsonFields.text(result, "status"));
                String number = JsonFields.text(result, "test_number");
                if (severity == null || number == null) {
                    continue;
                }
                String id = "CIS-" + number;
                String title = JsonFields.text(result, "test_desc");
                String expected = JsonFields.text(result, "expected_result");
                String reason = JsonFields.text(result, "reason");
                String evidence = expected == null || expected.isBlank() ? blankToNull(reason)
                        : "expected: " + expected + (reason == null || reason.isBlank() ? "" : "; " + reason);
                ParsedFinding finding = new ParsedFinding(Fingerprints.misconfiguration(id, nodeType, null),
                        FindingKind.misconfiguration, id, id, null, null, null, null, null, benchmark,
                        joined(section == null ? null : "section " + section, sectionText), evidence, title, severity, 1);
                ClusterFinding placed = ClusterFinding.of(null, NODE_TYPE, nodeType, finding);
                findings.merge(placed.fingerprint(), placed, ClusterFinding::foldedWith);
                catalog.putIfAbsent(id, new CatalogEntry(id, title, JsonFields.text(result, "remediation"), severity, null, null,
                        List.of(), null, null));
            }
        }
    }

    /** FAIL and WARN are findings (see the class comment); PASS and INFO are not. */
    private static Severity severity(String status) {
        if ("FAIL".equalsIgnoreCase(status)) {
            return Severity.MEDIUM;
        }
        return "WARN".equalsIgnoreCase(status) ? Severity.LOW : null;
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    private static String joined(String first, String second) {
        if (first == null || first.isBlank()) {
            return second == null || second.isBlank() ? null : second;
        }
        return second == null || second.isBlank() ? first : first + ": " + second;
    }
}
