package io.keelwatch.access;

import static io.keelwatch.testsupport.Bearer.bearer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.keelwatch.inventory.ClusterCalls;
import io.keelwatch.inventory.ProjectRef;
import io.keelwatch.testsupport.Fixtures;
import io.keelwatch.testsupport.KeelwatchIntegrationTest;
import io.keelwatch.testsupport.TestWorld;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The access matrix's rows for {@code POST /api/v1/scans?cluster=} (the same endpoint as every upload,
 * so one row of {@link EveryEndpointAnswersEveryCallerAsItsRuleSaysIT}; naming a cluster adds who may
 * write that cluster): every caller of the matrix, plus a cluster's agent tokens, sends kube-bench, then
 * Trivy Operator's YAML, for a cluster whose {@code default} namespace a rule gives to alpha. Refused
 * callers write nothing; the benchmark's findings (of the control plane: no namespace, no team) reach
 * no developer, the operator's findings of a Pod in {@code default} reach alpha's alone.
 */
@KeelwatchIntegrationTest
class ClusterUploadsAnswerEveryCallerAsTheirRuleSaysIT {

    private static final byte[] KUBE_BENCH = Fixtures.bytes("cis/kube-bench__cmd-testdata__result.json");
    private static final String OPERATOR = Fixtures.text("trivy-operator/trivy-operator__envtest__pod-configauditreport-expected.yaml");

    @Autowired
    MockMvc mvc;
    @Autowired
    TestWorld world;
    @Autowired
    JdbcClient jdbc;

    private final JsonMapper json = JsonMapper.builder().build();

    /** A caller, how it signs a request, and the status its upload must get. */
    private record Row(String caller, UnaryOperator<MockHttpServletRequestBuilder> signs, int status) {
    }

    @TestFactory
    Stream<DynamicTest> everyCallerNamingACluster() throws Exception {
        return matrix(MediaType.APPLICATION_JSON, () -> withTime(KUBE_BENCH), 0);
    }

    /** The same rows for Trivy Operator's reports in YAML: the Pod's 13 failed checks are alpha's, in {@code default}. */
    @TestFactory
    Stream<DynamicTest> everyCallerSendingTrivyOperatorReports() throws Exception {
        return matrix(MediaType.parseMediaType("application/yaml"), () -> (OPERATOR + "\n# sent " + System.nanoTime() + "\n").getBytes(),
                13);
    }

    private Stream<DynamicTest> matrix(MediaType type, Supplier<byte[]> report, int alphasFindings) throws Exception {
        ClusterCalls clusters = new ClusterCalls(mvc);
        ProjectRef alpha = world.alphaProject();
        String cluster = clusters.cluster();
        String other = clusters.cluster();
        clusters.rule(cluster, "default", alpha.slug());
        String agent = agentToken(cluster);
        String otherAgent = agentToken(other);
        List<Row> rows = List.of(
                new Row("anonymous", r -> r, 401),
                new Row("admin", basic(TestWorld.ADMIN), 201),
                new Row("security lead", basic(TestWorld.LEAD), 201),
                // alpha owns a namespace there: alpha's developer names the cluster (and files only alpha's namespaces)
                new Row("alpha developer", basic(TestWorld.ALICE), 201),
                new Row("auditor", basic(TestWorld.AUDITOR), 403),
                new Row("alpha token with scans:write", r -> r.with(bearer(world.token(TestWorld.ALICE, "alpha",
                        Scope.SCANS_WRITE))), 201),
                new Row("alpha token with read only", r -> r.with(bearer(world.token(TestWorld.ALICE, "alpha", Scope.READ))), 403),
                new Row("lead token with inventory:write", r -> r.with(bearer(world.token(TestWorld.LEAD, null,
                        Scope.INVENTORY_WRITE))), 201),
                new Row("the cluster's agent token", r -> r.with(bearer(agent)), 201),
                new Row("another cluster's agent token", r -> r.with(bearer(otherAgent)), 404),
                // beta owns no namespace there: the cluster is not beta's, as if it did not exist
                new Row("beta developer", basic(TestWorld.BOB), 404),
                new Row("beta token with scans:write", r -> r.with(bearer(world.token(TestWorld.BOB, "beta",
                        Scope.SCANS_WRITE))), 404));
        List<DynamicTest> tests = new ArrayList<>();
        for (Row row : rows) {
            tests.add(DynamicTest.dynamicTest(row.caller(), () -> {
                long before = scans(cluster);
                MockHttpServletResponse response = mvc.perform(row.signs().apply(post("/api/v1/scans").param("cluster", cluster)
                        .contentType(type).content(report.get()))).andReturn().getResponse();
                assertThat(response.getStatus()).as(row.caller() + ": " + response.getContentAsString()).isEqualTo(row.status());
                assertThat(scans(cluster)).as("a refusal writes nothing").isEqualTo(row.status() == 201 ? before + 1 : before);
            }));
        }
        tests.add(DynamicTest.dynamicTest("findings of no team reach no developer; alpha's namespace reaches alpha only", () -> {
            for (String developer : List.of(TestWorld.BOB, TestWorld.ALICE)) {
                String body = mvc.perform(get("/api/v1/findings").param("cluster", cluster)
                        .with(httpBasic(developer, TestWorld.PASSWORD))).andExpect(status().isOk())
                        .andReturn().getResponse().getContentAsString();
                assertThat(json.readTree(body).get("totalItems").asInt()).isEqualTo(developer.equals(TestWorld.ALICE) ? alphasFindings : 0);
            }
        }));
        return tests.stream();
    }

    private static UnaryOperator<MockHttpServletRequestBuilder> basic(String username) {
        return r -> r.with(httpBasic(username, TestWorld.PASSWORD));
    }

    /** The report with a field of its own, so each upload is a new scan rather than a duplicate of the last. */
    private byte[] withTime(byte[] report) {
        ObjectNode root = (ObjectNode) json.readTree(report);
        root.put("sentAt", System.nanoTime());
        return json.writeValueAsBytes(root);
    }

    private long scans(String cluster) {
        return jdbc.sql("select count(*) from scan s join cluster c on c.id = s.cluster_id where c.name = :c")
                .param("c", cluster).query(Long.class).single();
    }

    private String agentToken(String cluster) throws Exception {
        String body = mvc.perform(post("/api/v1/tokens").contentType(MediaType.APPLICATION_JSON)
                        .content(json.writeValueAsString(Map.of("name", "agent " + cluster, "scopes", List.of("inventory:write"),
                                "cluster", cluster)))
                        .with(httpBasic(TestWorld.LEAD, TestWorld.PASSWORD)))
                .andExpect(status().isCreated()).andReturn().getResponse().getContentAsString();
        return json.readTree(body).get("secret").asString();
    }
}
