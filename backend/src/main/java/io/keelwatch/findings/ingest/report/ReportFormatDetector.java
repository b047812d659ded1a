package io.keelwatch.findings.ingest.report;

import io.keelwatch.findings.FindingsProblem;
import io.keelwatch.platform.KeelwatchException;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.Optional;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;

/**
 * Tells report formats apart by their top-level keys, reading only as far as it must: Trivy's
 * {@code SchemaVersion}, {@code trivy k8s}'s {@code ClusterName}, Grype's {@code matches},
 * SARIF's {@code runs}, CycloneDX's {@code bomFormat}, OpenVEX's {@code @context}, kube-bench's
 * {@code Controls} (or a bare array of them), Kubescape's {@code summaryDetails}, Trivy Operator's
 * custom resources by their {@code apiVersion} ({@code aquasecurity.github.io/…}), alone or in the
 * {@code List} kubectl prints, in JSON or in YAML (the one format read in YAML, as kubectl prints it).
 */
@Component
public class ReportFormatDetector {

    /** As much of the start as tells YAML from JSON. */
    private static final int HEAD = 64 * 1024;

    private final ReportJson json;

    ReportFormatDetector(ReportJson json) {
        this.json = json;
    }

    public ReportFormat detect(InputStream report) {
        BufferedInputStream in = new BufferedInputStream(report, HEAD);
        if (KubernetesYaml.isTrivyOperatorYaml(head(in))) {
            return ReportFormat.TRIVY_OPERATOR;
        }
        try (JsonParser parser = json.parser(in)) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                throw new KeelwatchException(FindingsProblem.EMPTY_REPORT, "The report holds no JSON.");
            }
            if (first == JsonToken.START_ARRAY) {
                return array(parser);
            }
            if (first != JsonToken.START_OBJECT) {
                throw unknown();
            }
            boolean afterSchemaVersion = false;
            while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                if (afterSchemaVersion) {
                    // Both Trivy layouts may start with SchemaVersion; the key after it tells them apart.
                    return "ClusterName".equals(name) ? ReportFormat.TRIVY_K8S : ReportFormat.TRIVY;
                }
                if ("SchemaVersion".equals(name)) {
                    afterSchemaVersion = true;
                } else if ("items".equals(name) && value == JsonToken.START_ARRAY) {
                    return listItems(parser);
                } else {
                    Optional<ReportFormat> format = decide(name, value == JsonToken.VALUE_STRING ? parser.getString() : null);
                    if (format.isPresent()) {
                        return format.get();
                    }
                }
                parser.skipChildren();
            }
            if (afterSchemaVersion) {
                return ReportFormat.TRIVY;
            }
            throw unknown();
        } catch (JacksonException e) {
            throw JsonFields.notJson("The report", e);
        }
    }

    /** The first bytes of the report, left to be read again. */
    private static byte[] head(BufferedInputStream in) {
        try {
            in.mark(HEAD);
            byte[] head = in.readNBytes(HEAD);
            in.reset();
            return head;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A Kubernetes {@code List} (what {@code kubectl get … -o json} prints): Trivy Operator reports when
     * its first item is one, or when it is empty (kubectl prints an empty List when a cluster has no
     * reports yet). A list of other objects is not a report: pods and controllers have an endpoint of their own.
     */
    private static ReportFormat listItems(JsonParser parser) {
        JsonToken first = parser.nextToken();
        if (first == JsonToken.END_ARRAY) {
            return ReportFormat.TRIVY_OPERATOR;
        }
        if (first != JsonToken.START_OBJECT) {
            throw unknown();
        }
        String kind = null;
        while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
            String name = parser.currentName();
            JsonToken value = parser.nextToken();
            String text = value == JsonToken.VALUE_STRING ? parser.getString() : null;
            if ("apiVersion".equals(name) && text != null && text.startsWith(KubernetesYaml.TRIVY_OPERATOR_GROUP)) {
                return ReportFormat.TRIVY_OPERATOR;
            }
            if ("kind".equals(name)) {
                kind = text;
            }
            parser.skipChildren();
        }
        throw new KeelwatchException(FindingsProblem.UNSUPPORTED_REPORT_FORMAT, "This is a Kubernetes list of "
                + (kind == null ? "objects" : kind + " objects") + ", not a report. Pods and controllers show what runs: post them "
                + "to POST /api/v1/clusters/{cluster}/workloads. Trivy Operator reports (apiVersion aquasecurity.github.io/…) "
                + "are imported here.");
    }

    /** A top-level array: kube-bench's older form is the bare array of Controls ({@code node_type}, {@code tests}). */
    private static ReportFormat array(JsonParser parser) {
        if (parser.nextToken() != JsonToken.START_OBJECT) {
            throw unknown();
        }
        while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
            String name = parser.currentName();
            parser.nextToken();
            if ("node_type".equals(name) || "tests".equals(name)) {
                return ReportFormat.KUBE_BENCH;
            }
            parser.skipChildren();
        }
        throw unknown();
    }

    private static Optional<ReportFormat> decide(String name, String stringValue) {
        return switch (name) {
            case "ClusterName" -> Optional.of(ReportFormat.TRIVY_K8S);
            case "Controls" -> Optional.of(ReportFormat.KUBE_BENCH);
            case "summaryDetails" -> Optional.of(ReportFormat.KUBESCAPE);
            case "apiVersion" -> stringValue != null && stringValue.startsWith(KubernetesYaml.TRIVY_OPERATOR_GROUP)
                    ? Optional.of(ReportFormat.TRIVY_OPERATOR) : Optional.empty();
            case "matches" -> Optional.of(ReportFormat.GRYPE);
            case "runs" -> Optional.of(ReportFormat.SARIF);
            case "$schema" -> stringValue != null && stringValue.toLowerCase(Locale.ROOT).contains("sarif")
                    ? Optional.of(ReportFormat.SARIF) : Optional.empty();
            case "bomFormat" -> "CycloneDX".equals(stringValue) ? Optional.of(ReportFormat.CYCLONEDX) : Optional.empty();
            case "@context" -> stringValue != null && stringValue.contains("openvex")
                    ? Optional.of(ReportFormat.OPENVEX) : Optional.empty();
            default -> Optional.empty();
        };
    }

    private static KeelwatchException unknown() {
        return new KeelwatchException(FindingsProblem.UNSUPPORTED_REPORT_FORMAT,
                "The report is JSON but not a format Keelwatch knows (Trivy JSON, Grype JSON, SARIF 2.1.0, CycloneDX, "
                        + "kube-bench, Kubescape, Trivy Operator reports).");
    }
}
