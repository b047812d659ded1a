package io.keelwatch.findings.ingest.report.trivyoperator;

import io.keelwatch.findings.FindingsProblem;
import io.keelwatch.findings.ingest.report.KubernetesYaml;
import io.keelwatch.findings.ingest.report.ReportJson;
import io.keelwatch.platform.KeelwatchException;
import io.keelwatch.platform.SafeYaml;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reads what {@code kubectl get vulnerabilityreports,exposedsecretreports,configauditreports,
 * rbacassessmentreports,clusterrbacassessmentreports,clustercompliancereports -A -o json} prints: a
 * {@code List} whose items are Trivy Operator's custom resources, or one resource; in JSON (streamed,
 * one item at a time) or YAML (read whole, so bounded more tightly). Each resource's subject is named
 * by the operator's labels ({@code trivy-operator.resource.kind/name/namespace}, else its owner).
 *
 * <ul>
 *   <li>VulnerabilityReport, ClusterVulnerabilityReport, ExposedSecretReport: findings of the image
 *       {@code report.registry.server} + {@code report.artifact.repository} at {@code report.artifact.digest}
 *       (tag only in older versions: the import resolves it through the cluster's workloads);</li>
 *   <li>ConfigAuditReport, RbacAssessmentReport, InfraAssessmentReport and their cluster-scoped
 *       kinds: each failed check a finding of the cluster's object it names;</li>
 *   <li>ClusterComplianceReport: each control that fails a finding of the compliance report itself;</li>
 *   <li>anything else (SbomReport, a Pod…) is skipped, with the reason in the answer.</li>
 * </ul>
 */
@Component
public class TrivyOperatorReportParser {

    /** The largest YAML upload read (a tree, unlike JSON, which is streamed); larger clusters send {@code -o json}. */
    static final long MAX_YAML_BYTES = 64L * 1024 * 1024;

    /** Enough of the start to see past blank lines and comments to the first value. */
    private static final int START = 4096;

    private final ReportJson json;
    private final SafeYaml yaml;

    TrivyOperatorReportParser(ReportJson json, SafeYaml yaml) {
        this.json = json;
        this.yaml = yaml;
    }

    public OperatorReport parse(InputStream upload) {
        OperatorReportBuilder builder = new OperatorReportBuilder();
        BufferedInputStream report = new BufferedInputStream(upload);
        if (isYaml(report)) {
            readYaml(report, builder);
        } else {
            readJson(report, builder);
        }
        return builder.build();
    }

    private static boolean isYaml(BufferedInputStream report) {
        try {
            report.mark(START);
            byte[] start = report.readNBytes(START);
            report.reset();
            return KubernetesYaml.isYaml(new String(start, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void readJson(InputStream report, OperatorReportBuilder builder) {
        ObjectNode single = JsonNodeFactory.instance.objectNode();
        boolean[] list = {false};
        json.readDocument(report, "Trivy Operator", (name, parser) -> {
            if ("items".equals(name)) {
                list[0] = true;
                json.forEachObject(parser, "the items array", builder::add);
            } else {
                single.set(name, json.tree(parser));
            }
        });
        if (!list[0]) {
            builder.add(single);
        }
    }

    private void readYaml(InputStream report, OperatorReportBuilder builder) {
        byte[] bytes;
        try {
            bytes = report.readNBytes((int) MAX_YAML_BYTES + 1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (bytes.length > MAX_YAML_BYTES) {
            throw new KeelwatchException(FindingsProblem.MALFORMED_REPORT, "Trivy Operator reports in YAML may hold at most "
                    + MAX_YAML_BYTES / (1024 * 1024) + " MB; send larger ones as JSON (kubectl get … -o json), which is read as a stream.");
        }
        JsonNode tree = yaml.tree(new String(bytes, StandardCharsets.UTF_8), MAX_YAML_BYTES);
        JsonNode items = tree.get("items");
        if (items != null && items.isArray()) {
            items.forEach(builder::add);
        } else if (items == null || items.isNull()) {
            builder.add(tree);
        } else {
            throw new KeelwatchException(FindingsProblem.MALFORMED_REPORT, "The List's items are not a list.");
        }
    }
}
