package io.keelwatch.findings.ingest.report.trivyk8s;

import io.keelwatch.findings.ingest.report.ClusterReport;
import static org.assertj.core.api.Assertions.assertThat;

import io.keelwatch.findings.ClusterImportResult;
import io.keelwatch.findings.FindingKind;
import io.keelwatch.findings.Severity;
import io.keelwatch.findings.ingest.report.CatalogEntry;
import io.keelwatch.findings.ingest.report.ReportJson;
import io.keelwatch.findings.ingest.report.trivy.TrivyResults;
import io.keelwatch.testsupport.Fixtures;
import java.io.ByteArrayInputStream;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The three layouts trivy k8s has written read into the same findings per image: Resources (Trivy
 * 0.50+, one resource per image per workload), Findings ({@code --report summary}, a workload's
 * images merged into one resource, told apart by Target) and the older Vulnerabilities /
 * Misconfigurations without Metadata, whose images have no digest.
 */
class ClusterReportsAreGroupedPerImageTest {

    private static final String ALPINE_310 = "localhost:53869/alpine";
    private static final String TEST_IMAGES = "ghcr.io/aquasecurity/trivy-test-images";

    private final JsonMapper mapper = JsonMapper.builder().build();
    private final ReportJson json = new ReportJson(mapper);
    private final TrivyClusterReportParser parser = new TrivyClusterReportParser(json, new TrivyResults(json));

    @Test
    void resourcesLayoutFoldsAnImageOfTwoWorkloadsIntoOne() {
        ClusterReport report = parse(Fixtures.bytes("trivy/trivy-k8s-cluster-resources.json"));

        assertThat(report.clusterName()).isEqualTo("kind-kind");
        assertThat(report.images()).extracting(i -> i.identity().repository()).containsExactly(TEST_IMAGES, ALPINE_310);
        ClusterReport.Image alpine39 = report.images().get(0);
        assertThat(alpine39.workloads()).containsExactly("default/Deployment/app", "default/DaemonSet/agent");
        assertThat(alpine39.findings()).hasSize(6 + 2);
        assertThat(alpine39.bySeverity()).containsEntry(Severity.CRITICAL, 2).containsEntry(Severity.MEDIUM, 4 + 1)
                .containsEntry(Severity.LOW, 1);
        ClusterReport.Image alpine310 = report.images().get(1);
        assertThat(alpine310.identity().tags()).containsExactly("3.10");
        assertThat(alpine310.workloads()).containsExactly("default/Deployment/app", "staging/Deployment/app");
        assertThat(alpine310.findings()).hasSize(4 + 3);
        assertThat(report.skipped()).extracting(ClusterImportResult.SkippedImage::reason).containsExactly("scan-error");
        assertThat(report.notImported()).isEqualTo(new ClusterImportResult.NotImported(0, 0, 0, 0));
        assertThat(report.clusterFindings()).as("the node's components run no image: the cluster's own")
                .hasSize(3)
                .allSatisfy(f -> {
                    assertThat(f.namespace()).isNull();
                    assertThat(f.resourceKind()).isEqualTo("NodeComponents");
                    assertThat(f.resourceName()).isEqualTo("kind-control-plane");
                    assertThat(f.finding().kind()).isEqualTo(FindingKind.vulnerability);
                });
        assertThat(report.catalog()).extracting(CatalogEntry::id)
                .as("what the images' and the cluster's findings refer to")
                .contains("KSV001", "KSV003", "CVE-2019-1549", "CVE-2023-2431");
    }

    @Test
    void summaryLayoutGivesEachImageTheResultsThatNameIt() {
        ObjectNode cluster = (ObjectNode) mapper.readTree(Fixtures.bytes("trivy/trivy-k8s-cluster-resources.json"));
        ArrayNode resources = (ArrayNode) cluster.get("Resources");
        ObjectNode app = (ObjectNode) resources.get(0).deepCopy();
        ArrayNode metadata = app.putArray("Metadata");
        metadata.add(resources.get(2).get("Metadata").get(0));
        metadata.add(resources.get(3).get("Metadata").get(0));
        ArrayNode results = (ArrayNode) app.get("Results");
        results.add(resources.get(2).get("Results").get(0));
        results.add(resources.get(3).get("Results").get(0));
        ObjectNode binary = (ObjectNode) resources.get(2).get("Results").get(0).deepCopy();
        binary.put("Target", "usr/local/bin/app").put("Class", "lang-pkgs").put("Type", "gobinary");
        results.add(binary);
        ObjectNode summary = mapper.createObjectNode().put("ClusterName", "kind-kind");
        summary.putArray("Findings").add(app);

        ClusterReport report = parse(mapper.writeValueAsBytes(summary));

        assertThat(report.images()).extracting(i -> i.identity().repository() + " " + i.findings().size())
                .containsExactly(TEST_IMAGES + " 8", ALPINE_310 + " 6");
        assertThat(report.notImported()).as("a result no image name matches is not guessed at")
                .isEqualTo(new ClusterImportResult.NotImported(1, 4, 0, 0));
    }

    @Test
    void anImageTrivyReportsAnErrorForGetsNoScanThatCouldCloseItsFindings() {
        ObjectNode cluster = (ObjectNode) mapper.readTree(Fixtures.bytes("trivy/trivy-k8s-cluster-resources.json"));
        ArrayNode resources = (ArrayNode) cluster.get("Resources");
        ((ObjectNode) resources.get(3)).put("Error", "context deadline exceeded");
        ((ObjectNode) resources.get(5)).put("Error", "context deadline exceeded");

        ClusterReport report = parse(mapper.writeValueAsBytes(cluster));

        assertThat(report.images()).extracting(i -> i.identity().repository()).containsExactly(ALPINE_310);
        assertThat(report.skipped()).extracting(s -> s.image() + " " + s.workloads() + " " + s.reason() + " " + s.findings())
                .containsExactly(TEST_IMAGES + ":alpine-39 [default/Deployment/app] scan-error 6",
                        TEST_IMAGES + ":alpine-39 [default/DaemonSet/agent] scan-error 6",
                        "null [default/Deployment/broken] scan-error 0");
    }

    @Test
    void olderLayoutNamesItsImagesOnlyByTag() {
        ClusterReport report = parse(Fixtures.bytes("trivy/trivy-k8s-cluster-docs-kubernetes.md.json"));

        assertThat(report.images()).isEmpty();
        assertThat(report.skipped()).containsExactly(new ClusterImportResult.SkippedImage("ubuntu:latest",
                List.of("default/Deployment/app"), "no-digest",
                "The report gives no digest for this image; Trivy 0.50 and later record each image's RepoDigests.", 1));
        assertThat(report.notImported()).isEqualTo(new ClusterImportResult.NotImported(0, 0, 0, 0));
        assertThat(report.clusterFindings()).as("a workload whose image has no digest is the cluster's to hold")
                .extracting(f -> f.finding().ruleId() + " " + f.namespace() + "/" + f.resourceKind() + "/" + f.resourceName())
                .containsExactlyInAnyOrder("KSV001 default/Deployment/app", "KSV003 default/Deployment/app");
        assertThat(report.catalog()).extracting(CatalogEntry::id).containsExactlyInAnyOrder("KSV001", "KSV003");
    }

    private ClusterReport parse(byte[] report) {
        return parser.parse(new ByteArrayInputStream(report));
    }
}
