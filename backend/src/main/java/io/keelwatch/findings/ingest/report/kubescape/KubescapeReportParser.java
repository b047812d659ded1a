package io.keelwatch.findings.ingest.report.kubescape;

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
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * Kubescape's JSON ({@code kubescape scan --format json}, format v2): {@code summaryDetails} (per
 * control its name, {@code scoreFactor} and category), {@code resources} (the scanned objects, not
 * needed here) and {@code results}, per resource its {@code resourceID} and the controls evaluated
 * on it, each with {@code status.status} passed, failed or skipped. Every failed (resource, control)
 * is a finding of the cluster, placed on the object its resourceID names.
 *
 * <p>A resourceID is {@code group/version/namespace/kind/name} for an object, and
 * {@code group/namespace/kind/name} for an RBAC subject, followed by the role and binding that
 * relate it (five parts each); the subject is then the place, and the whole id stays in the finding
 * (one subject may be bound several ways). Severity is the control's scoreFactor as Kubescape ranks
 * it (opa-utils' {@code ControlSeverityToString}: ≥ 9 critical, ≥ 7 high, ≥ 4 medium, ≥ 1 low). A
 * {@code generationTime} of Go's zero time states none.
 */
@Component
public class KubescapeReportParser implements ClusterReportParser {

    private static final Instant NO_TIME_BEFORE = Instant.parse("1971-01-01T00:00:00Z");

    private final ReportJson json;

    KubescapeReportParser(ReportJson json) {
        this.json = json;
    }

    @Override
    public ReportFormat format() {
        return ReportFormat.KUBESCAPE;
    }

    /** A failed control on a resource, kept until the controls' severities are known (summaryDetails may come later). */
    private record Failed(String resourceId, String controlId, String name) {
    }

    @Override
    public ClusterFindingsReport parse(InputStream report) {
        Header header = new Header();
        Map<String, JsonNode> controls = new HashMap<>();
        List<Failed> failed = new ArrayList<>();
        json.readDocument(report, "Kubescape", (name, parser) -> {
            switch (name) {
                case "clusterName" -> header.cluster = JsonFields.text(parser);
                case "generationTime" -> header.time = JsonFields.text(parser);
                case "metadata" -> header.version = JsonFields.text(json.tree(parser).path("scanMetadata"), "kubescapeVersion");
                case "summaryDetails" -> json.tree(parser).path("controls").properties()
                        .forEach(control -> controls.put(control.getKey(), control.getValue()));
                case "results" -> json.forEachObject(parser, "the results array", result -> {
                    String resourceId = JsonFields.text(result, "resourceID");
                    for (JsonNode control : result.path("controls")) {
                        if ("failed".equals(control.path("status").path("status").asString(null)) && resourceId != null) {
                            failed.add(new Failed(resourceId, JsonFields.text(control, "controlID"), JsonFields.text(control, "name")));
                        }
                    }
                });
                default -> parser.skipChildren();
            }
        });
        Map<String, ClusterFinding> findings = new LinkedHashMap<>();
        Map<String, CatalogEntry> catalog = new LinkedHashMap<>();
        for (Failed next : failed) {
            if (next.controlId() == null) {
                continue;
            }
            JsonNode control = controls.get(next.controlId());
            Severity severity = severity(control);
            String title = next.name() != null ? next.name() : control == null ? null : JsonFields.text(control, "name");
            String category = control == null ? null : JsonFields.text(control.path("category"), "name");
            ParsedFinding finding = new ParsedFinding(Fingerprints.misconfiguration(next.controlId(), next.resourceId(), null),
                    FindingKind.misconfiguration, next.controlId(), next.controlId(), null, null, null, null, null,
                    next.resourceId(), category == null ? null : "category " + category, null, title, severity, 1);
            ResourceId place = ResourceId.parse(next.resourceId());
            ClusterFinding placed = ClusterFinding.of(place.namespace(), place.kind(), place.name(), finding);
            findings.merge(placed.fingerprint(), placed, ClusterFinding::foldedWith);
            catalog.putIfAbsent(next.controlId(), new CatalogEntry(next.controlId(), title, null, severity, null,
                    "https://hub.armosec.io/docs/" + next.controlId().toLowerCase(java.util.Locale.ROOT), List.of(), null, null));
        }
        return new ClusterFindingsReport("kubescape", header.version, header.time(), header.cluster, List.copyOf(findings.values()),
                List.copyOf(catalog.values()));
    }

    private static Severity severity(JsonNode control) {
        if (control == null || !control.path("scoreFactor").isNumber()) {
            return Severity.UNKNOWN;
        }
        double score = control.path("scoreFactor").asDouble();
        return score >= 9 ? Severity.CRITICAL : score >= 7 ? Severity.HIGH : score >= 4 ? Severity.MEDIUM
                : score >= 1 ? Severity.LOW : Severity.UNKNOWN;
    }

    /** What the report says about itself, as it streams past. */
    private static final class Header {
        String cluster;
        String time;
        String version;

        Instant time() {
            OffsetDateTime parsed = JsonFields.timestamp(time);
            return parsed == null || parsed.toInstant().isBefore(NO_TIME_BEFORE) ? null : parsed.toInstant();
        }
    }

    /** The object a resourceID places a finding on. */
    record ResourceId(String namespace, String kind, String name) {

        static ResourceId parse(String id) {
            String[] parts = id.split("/", -1);
            if (parts.length == 5) {
                return new ResourceId(parts[2], parts[3], parts[4]);
            }
            if (parts.length >= 4 && (parts.length - 4) % 5 == 0) {
                return new ResourceId(parts[1], parts[2], parts[3]);
            }
            return new ResourceId(null, "Resource", id);
        }
    }
}
