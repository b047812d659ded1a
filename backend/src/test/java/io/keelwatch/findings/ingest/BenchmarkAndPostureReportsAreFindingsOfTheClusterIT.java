package io.keelwatch.findings.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.keelwatch.findings.ReportImportTestBase;
import io.keelwatch.inventory.ClusterCalls;
import io.keelwatch.testsupport.Fixtures;
import io.keelwatch.testsupport.TestWorld;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.ResultActions;

/**
 * kube-bench (both its JSON forms) and Kubescape reports, detected from their content, import through
 * {@code POST /api/v1/scans?cluster=} as findings of the cluster, with the counts the real samples hold.
 */
class BenchmarkAndPostureReportsAreFindingsOfTheClusterIT extends ReportImportTestBase {

    /** Controls object form; results 1.1.1 PASS, 2.1 PASS, 3.1.1 WARN (controlplane, not scored). */
    private static final byte[] KUBE_BENCH = Fixtures.bytes("cis/kube-bench__cmd-testdata__result.json");
    /** The bare array of Controls; results 2.1 PASS, 3.1.1 WARN, 1.1.1 PASS. */
    private static final byte[] KUBE_BENCH_ARRAY = Fixtures.bytes("cis/kube-bench__cmd-testdata__controlsCollection.json");
    /**
     * A k3d cluster's scan: 116 failed (resource, control) pairs on 19 resource ids, 15 objects (an RBAC
     * subject bound several ways is one object), 112 pairs in kube-system.
     */
    private static final byte[] KUBESCAPE = Fixtures.bytes("kubescape/scape-a-lyzer__example__sample.json");
    /** summaryDetails only: counts, no results. */
    private static final byte[] KUBESCAPE_SUMMARY = Fixtures.bytes("kubescape/kubescape__printer-v2-testdata__mock_summaryDetails.json");

    private ClusterCalls clusters;
    private String cluster;

    @BeforeEach
    void aClusterOfItsOwn() throws Exception {
        clusters = new ClusterCalls(mvc);
        cluster = clusters.cluster();
    }

    @Test
    void kubeBenchsFailedAndUndecidedChecksAreFindingsAndItsTwoFormsAreTheSameRun() throws Exception {
        upload(cluster, KUBE_BENCH)
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.format").value("kube-bench"))
                .andExpect(jsonPath("$.cluster.format").value("kube-bench"))
                .andExpect(jsonPath("$.cluster.findings.total").value(1))
                .andExpect(jsonPath("$.cluster.findings.newFindings").value(1));
        assertThat(findings()).isEqualTo("CIS-3.1.1 LOW -/NodeType/controlplane open");

        upload(cluster, KUBE_BENCH)
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.duplicate").value(true));
        upload(cluster, KUBE_BENCH_ARRAY)
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.format").value("kube-bench"))
                .andExpect(jsonPath("$.cluster.findings.total").value(1))
                .andExpect(jsonPath("$.cluster.findings.unchanged").value(1))
                .andExpect(jsonPath("$.cluster.findings.newFindings").value(0));
        assertThat(findings()).isEqualTo("CIS-3.1.1 LOW -/NodeType/controlplane open");
        assertThat(jdbc.sql("select count(*) from scan s join cluster c on c.id = s.cluster_id where c.name = :c"
                + " and s.report_format = 'kube-bench'").param("c", cluster).query(Integer.class).single()).isEqualTo(2);
    }

    @Test
    void kubescapesFailedControlsAreFindingsOfTheObjectsTheyFailedOn() throws Exception {
        clusters.rule(cluster, "kube-system", project.slug());
        upload(cluster, KUBESCAPE)
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.format").value("kubescape"))
                .andExpect(jsonPath("$.cluster.findings.total").value(116))
                .andExpect(jsonPath("$.cluster.findings.newFindings").value(116));

        assertThat(count("f.severity = 'HIGH'")).isEqualTo(31);
        assertThat(count("f.severity = 'MEDIUM'")).isEqualTo(68);
        assertThat(count("f.severity = 'LOW'")).isEqualTo(17);
        assertThat(count("f.namespace = 'kube-system' and f.project_id = " + project.id())).isEqualTo(112);
        assertThat(count("f.project_id is null")).isEqualTo(4);
        assertThat(jdbc.sql("select count(distinct (f.namespace, f.resource_kind, f.resource_name)) from finding f"
                + " join cluster c on c.id = f.cluster_id where c.name = :c").param("c", cluster).query(Integer.class).single())
                .isEqualTo(15);
        // alice's project owns kube-system: she sees those, and the control's catalog entry through her team
        mvc.perform(get("/api/v1/findings").param("cluster", cluster).with(httpBasic(TestWorld.ALICE, TestWorld.PASSWORD)))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.totalItems").value(112));
        mvc.perform(get("/api/v1/findings").param("cluster", cluster).with(httpBasic(TestWorld.LEAD, TestWorld.PASSWORD)))
                .andExpect(jsonPath("$.totalItems").value(116));
    }

    @Test
    void clusterReportsNeedAClusterAndASummaryAloneIsNoReport() throws Exception {
        long before = jdbc.sql("select count(*) from scan").query(Long.class).single();
        mvc.perform(post("/api/v1/scans").param("project", project.slug()).contentType(MediaType.APPLICATION_JSON)
                        .content(KUBE_BENCH).with(httpBasic(TestWorld.LEAD, TestWorld.PASSWORD)))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.type").value("urn:keelwatch:problem:cluster-report-mismatch"));
        upload(cluster, KUBESCAPE_SUMMARY)
                .andExpect(status().isUnsupportedMediaType())
                .andExpect(jsonPath("$.type").value("urn:keelwatch:problem:unsupported-report-format"));
        upload(cluster, "[{\"node_type\": \"master\", \"tests\": [{\"results\": [".getBytes())
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.type").value("urn:keelwatch:problem:malformed-report"));
        upload(cluster, "[1, 2]".getBytes())
                .andExpect(status().isUnsupportedMediaType());
        assertThat(jdbc.sql("select count(*) from scan").query(Long.class).single()).isEqualTo(before);
    }

    private ResultActions upload(String clusterName, byte[] report) throws Exception {
        return mvc.perform(post("/api/v1/scans").param("cluster", clusterName).contentType(MediaType.APPLICATION_JSON)
                .content(report).with(httpBasic(TestWorld.LEAD, TestWorld.PASSWORD)));
    }

    /** The cluster's findings, {@code rule severity namespace/kind/name status}, one per line in rule order. */
    private String findings() {
        return String.join("\n", jdbc.sql("""
                select f.rule_id || ' ' || f.severity || ' ' || coalesce(f.namespace, '-') || '/' || f.resource_kind || '/'
                       || f.resource_name || ' ' || f.status
                from finding f join cluster c on c.id = f.cluster_id where c.name = :c order by f.rule_id, f.id
                """).param("c", cluster).query(String.class).list());
    }

    private int count(String condition) {
        return jdbc.sql("select count(*) from finding f join cluster c on c.id = f.cluster_id where c.name = :c and " + condition)
                .params(Map.of("c", cluster)).query(Integer.class).single();
    }
}
