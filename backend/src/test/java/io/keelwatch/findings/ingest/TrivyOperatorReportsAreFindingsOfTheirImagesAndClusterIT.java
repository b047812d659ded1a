package io.keelwatch.findings.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.keelwatch.findings.ReportImportTestBase;
import io.keelwatch.inventory.ClusterCalls;
import io.keelwatch.inventory.WorkloadCalls;
import io.keelwatch.testsupport.Fixtures;
import io.keelwatch.testsupport.TestWorld;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.ResultActions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Trivy Operator's custom resources, as {@code kubectl get … -o json} or {@code -o yaml} prints them
 * (a List, several YAML documents, or one resource), import through {@code POST /api/v1/scans}:
 * configuration, RBAC, infrastructure and compliance assessments as findings of the cluster's objects,
 * vulnerability and secret reports as findings of the image they name, by its digest, or, when the
 * operator recorded only a tag, by the digest the cluster's known workloads run under it.
 */
class TrivyOperatorReportsAreFindingsOfTheirImagesAndClusterIT extends ReportImportTestBase {

    /** 13 + 13 + 9 + 1 + 1 failed checks on five objects; the NSA summary fails 12 controls. */
    private static final List<String> ASSESSMENTS = List.of(
            "trivy-operator__envtest__pod-configauditreport-expected.yaml",
            "trivy-operator__envtest__daemonset-configauditreport-expected.yaml",
            "trivy-operator__envtest__api-server-infraassessmentreport-expected.yaml",
            "trivy-operator__envtest__role-rbacassessment-expected.yaml",
            "trivy-operator__envtest__config-audit-ttl.yaml",
            "trivy-operator__docs__clustercompliance-report.yaml");
    private static final String NGINX_DIGEST = "sha256:482ead44b2203fa32b3390abdaf97cbdc8ad15c07fb03a3e68d7c35a19ad7595";

    private final JsonMapper json = JsonMapper.builder().build();
    private ClusterCalls clusters;
    private String cluster;

    @BeforeEach
    void aClusterOfItsOwn() throws Exception {
        clusters = new ClusterCalls(mvc);
        cluster = clusters.cluster();
    }

    @Test
    void assessmentsAreFindingsOfTheObjectsTheyAssessWhetherSentAsYamlOrAsKubectlsJsonList() throws Exception {
        String yaml = String.join("\n---\n", ASSESSMENTS.stream().map(f -> Fixtures.text("trivy-operator/" + f)).toList());
        upload(cluster, yaml.getBytes(), "application/yaml", Map.of())
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.format").value("trivy-operator"))
                .andExpect(jsonPath("$.cluster.findings.total").value(13 + 13 + 9 + 1 + 1 + 12))
                .andExpect(jsonPath("$.cluster.findings.newFindings").value(49))
                .andExpect(jsonPath("$.images.length()").value(0));

        assertThat(count("f.resource_kind = 'Pod' and f.resource_name = 'my-pod' and f.namespace = 'default'")).isEqualTo(13);
        assertThat(count("f.resource_kind = 'DaemonSet' and f.resource_name = 'fluentd-elasticsearch'")).isEqualTo(13);
        assertThat(count("f.resource_kind = 'Pod' and f.resource_name = 'my-pod-kube-apiserver' and f.namespace = 'kube-system'"))
                .isEqualTo(9);
        assertThat(findingsOf("f.resource_kind = 'Role'")).containsExactly("KSV113 MEDIUM default/Role/proxy open");
        assertThat(findingsOf("f.resource_kind = 'ReplicaSet'"))
                .containsExactly("KSV110 LOW kube-system/ReplicaSet/coredns-558bd4d5dc open");
        // compliance controls are findings of the compliance report, cluster-wide, with their control's severity
        assertThat(count("f.resource_kind = 'ClusterComplianceReport' and f.namespace is null")).isEqualTo(12);
        assertThat(findingsOf("f.rule_id = '7.0'")).containsExactly("7.0 CRITICAL -/ClusterComplianceReport/nsa open");
        assertThat(jdbc.sql("select f.evidence from finding f join cluster c on c.id = f.cluster_id where c.name = :c"
                + " and f.rule_id = '1.0'").param("c", cluster).query(String.class).single()).isEqualTo("8 checks fail");

        // the same resources as kubectl's JSON List are the same findings, nothing new
        upload(cluster, kubectlJsonList(yaml), MediaType.APPLICATION_JSON_VALUE, Map.of())
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.cluster.findings.total").value(49))
                .andExpect(jsonPath("$.cluster.findings.unchanged").value(49))
                .andExpect(jsonPath("$.cluster.findings.newFindings").value(0));
        // without the Role's report, its finding is fixed by the next run
        String withoutRole = String.join("\n---\n", ASSESSMENTS.stream().filter(f -> !f.contains("role-rbac"))
                .map(f -> Fixtures.text("trivy-operator/" + f)).toList());
        upload(cluster, withoutRole.getBytes(), "application/yaml", Map.of())
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.cluster.findings.fixed").value(1));
        assertThat(findingsOf("f.resource_kind = 'Role'")).containsExactly("KSV113 MEDIUM default/Role/proxy fixed");
    }

    @Test
    void aVulnerabilityReportNamingATagIsFiledUnderTheDigestTheClusterRunsItAt() throws Exception {
        // the operator's documented report names index.docker.io/library/nginx by tag only; here the tag the fixture pod runs
        ObjectNode report = operatorReport("trivy-operator__docs__vulnerability-report.yaml");
        ((ObjectNode) report.path("report").path("artifact")).put("tag", "alpine");
        byte[] single = json.writeValueAsBytes(report);

        // not knowing what runs, Keelwatch cannot tell which image this is, and says so
        upload(cluster, single, MediaType.APPLICATION_JSON_VALUE, Map.of("project", project.slug()))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.images.length()").value(0))
                .andExpect(jsonPath("$.skipped[0].image").value("nginx:alpine"))
                .andExpect(jsonPath("$.skipped[0].reason").value("no-digest"))
                .andExpect(jsonPath("$.skipped[0].workloads[0]").value("default/ReplicaSet/nginx-6d4cf56db6"))
                .andExpect(jsonPath("$.skipped[0].findings").value(2));

        WorkloadCalls workloads = new WorkloadCalls(mvc);
        workloads.report(cluster, null, workloads.list("PodList", List.of(workloads.fixture("k9s_render_po.json", "default"))));
        upload(cluster, single, MediaType.APPLICATION_JSON_VALUE, Map.of("project", project.slug()))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.images.length()").value(1))
                .andExpect(jsonPath("$.images[0].image.repository").value("nginx"))
                .andExpect(jsonPath("$.images[0].image.digest").value(NGINX_DIGEST))
                .andExpect(jsonPath("$.images[0].findings.total").value(2));
        assertThat(jdbc.sql("""
                select f.rule_id || ' ' || f.package_name || ' ' || f.severity from finding f join image i on i.id = f.image_id
                where i.digest = :d and f.project_id = :p order by f.rule_id""").param("d", NGINX_DIGEST).param("p", project.id())
                .query(String.class).list())
                .containsExactly("CVE-2018-25009 libwebp6 CRITICAL", "CVE-2019-20367 libbsd0 CRITICAL");
    }

    @Test
    void reportsThatNameTheirDigestAreFiledByItAndOneImageInTwoWorkloadsIsOneScan() throws Exception {
        ObjectNode first = operatorReport("trivy-operator__envtest__vulnerability-ttl.yaml");
        ((ObjectNode) first.path("report").path("artifact")).put("digest", "sha256:" + "a".repeat(64));
        ObjectNode second = first.deepCopy();
        ((ObjectNode) second.path("metadata").path("labels")).put("trivy-operator.resource.name", "coredns-other");
        ObjectNode secrets = operatorReport("trivy-operator__docs__exposedsecret-report.yaml");
        ((ObjectNode) secrets.path("report").path("artifact")).put("digest", "sha256:" + "b".repeat(64));
        ObjectNode sbom = json.createObjectNode().put("apiVersion", "aquasecurity.github.io/v1alpha1").put("kind", "SbomReport");
        sbom.putObject("metadata").put("name", "replicaset-x").put("namespace", "default");

        upload(null, new WorkloadCalls(mvc).list("List", List.of(first, second, secrets, sbom)), MediaType.APPLICATION_JSON_VALUE,
                Map.of("project", project.slug()))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.format").value("trivy-operator"))
                .andExpect(jsonPath("$.images.length()").value(2))
                .andExpect(jsonPath("$.images[0].image.repository").value("k8s.gcr.io/coredns/coredns"))
                .andExpect(jsonPath("$.images[0].findings.total").value(1))
                .andExpect(jsonPath("$.images[1].image.repository").value("myimagewithsecret"))
                .andExpect(jsonPath("$.images[1].findings.total").value(2))
                .andExpect(jsonPath("$.skipped[0].reason").value("unsupported-kind"))
                .andExpect(jsonPath("$.skipped[0].detail").value("Keelwatch does not import SbomReport resources."));
        // two Stripe keys in one file, kept as the operator redacted them
        assertThat(jdbc.sql("select f.rule_id || ' ' || f.evidence from finding f join image i on i.id = f.image_id"
                + " where i.repository = 'myimagewithsecret' and f.project_id = :p order by f.evidence").param("p", project.id())
                .query(String.class).list())
                .containsExactly("stripe-access-token publishable_key: *****", "stripe-access-token secret_key: *****");
    }

    @Test
    void brokenOrForeignDocumentsAreRefusedWithAProblemAndWriteNothing() throws Exception {
        long before = jdbc.sql("select count(*) from scan").query(Long.class).single();
        upload(cluster, "apiVersion: aquasecurity.github.io/v1alpha1\nkind: ConfigAuditReport\nreport: [unclosed".getBytes(),
                "application/yaml", Map.of())
                .andExpect(status().isBadRequest());
        upload(cluster, ("apiVersion: aquasecurity.github.io/v1alpha1\nkind: ConfigAuditReport\nmetadata: &a {x: [*a]}\n").getBytes(),
                "application/yaml", Map.of())
                .andExpect(status().isBadRequest());
        upload(cluster, "{\"apiVersion\": \"aquasecurity.github.io/v1alpha1\", \"kind\": \"ConfigAuditReport\", \"report\": {\"checks\": ["
                .getBytes(), MediaType.APPLICATION_JSON_VALUE, Map.of())
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.type").value("urn:keelwatch:problem:malformed-report"));
        // a list of pods is no report: it has an endpoint of its own, which the answer names
        WorkloadCalls workloads = new WorkloadCalls(mvc);
        upload(cluster, workloads.list("List", List.of(workloads.fixture("k9s_render_po.json", "default"))),
                MediaType.APPLICATION_JSON_VALUE, Map.of())
                .andExpect(status().isUnsupportedMediaType())
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("/workloads")));
        upload("no-such-cluster", Fixtures.bytes("trivy-operator/trivy-operator__envtest__role-rbacassessment-expected.yaml"),
                "application/yaml", Map.of())
                .andExpect(status().isNotFound());
        assertThat(jdbc.sql("select count(*) from scan").query(Long.class).single()).isEqualTo(before);
    }

    private ResultActions upload(String clusterName, byte[] body, String contentType, Map<String, String> params) throws Exception {
        var request = post("/api/v1/scans").contentType(contentType).content(body).with(httpBasic(TestWorld.LEAD, TestWorld.PASSWORD));
        if (clusterName != null) {
            request.param("cluster", clusterName);
        }
        params.forEach(request::param);
        return mvc.perform(request);
    }

    /** One YAML fixture (a single resource) as a JSON tree, to change as a newer operator would write it. */
    private ObjectNode operatorReport(String fixture) {
        Object loaded = new Yaml(new SafeConstructor(new LoaderOptions())).load(Fixtures.text("trivy-operator/" + fixture));
        return (ObjectNode) json.valueToTree(stringDates(loaded));
    }

    /** What {@code kubectl get … -o json} prints for the same resources: a List of them. */
    private byte[] kubectlJsonList(String yaml) {
        List<JsonNode> items = new ArrayList<>();
        for (Object document : new Yaml(new SafeConstructor(new LoaderOptions())).loadAll(yaml)) {
            if (document != null) {
                items.add(json.valueToTree(stringDates(document)));
            }
        }
        return new WorkloadCalls(mvc).list("List", items);
    }

    /** YAML's unquoted timestamps as the RFC 3339 text kubectl's JSON has. */
    private static Object stringDates(Object value) {
        if (value instanceof Map<?, ?> map) {
            Map<Object, Object> copy = new java.util.LinkedHashMap<>();
            map.forEach((k, v) -> copy.put(k, stringDates(v)));
            return copy;
        }
        if (value instanceof List<?> list) {
            return list.stream().map(TrivyOperatorReportsAreFindingsOfTheirImagesAndClusterIT::stringDates).toList();
        }
        return value instanceof java.util.Date date ? date.toInstant().toString() : value;
    }

    private List<String> findingsOf(String condition) {
        return jdbc.sql("""
                select f.rule_id || ' ' || f.severity || ' ' || coalesce(f.namespace, '-') || '/' || f.resource_kind || '/'
                       || f.resource_name || ' ' || f.status
                from finding f join cluster c on c.id = f.cluster_id where c.name = :c""" + " and " + condition + " order by f.rule_id")
                .param("c", cluster).query(String.class).list();
    }

    private int count(String condition) {
        return jdbc.sql("select count(*) from finding f join cluster c on c.id = f.cluster_id where c.name = :c and " + condition)
                .param("c", cluster).query(Integer.class).single();
    }
}
