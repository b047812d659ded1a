package io.keelwatch.inventory.clusters;

import static io.keelwatch.testsupport.Bearer.bearer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.patch;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.keelwatch.access.Scope;
import io.keelwatch.inventory.ClusterCalls;
import io.keelwatch.testsupport.KeelwatchIntegrationTest;
import io.keelwatch.testsupport.TestWorld;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/**
 * Every cluster, environment and namespace-rule endpoint answers bad input with problem details
 * (malformed JSON, names and globs of the wrong shape, over-long text: 400; an environment, cluster
 * or project that does not exist or that the caller cannot see: 404) and writes nothing.
 */
@KeelwatchIntegrationTest
class ClusterEndpointsRefuseBadInputAndWriteNothingIT {

    @Autowired
    MockMvc mvc;
    @Autowired
    TestWorld world;
    @Autowired
    JdbcClient jdbc;

    private ClusterCalls calls;

    @BeforeEach
    void calls() {
        world.alpha(); // the people the calls act as
        calls = new ClusterCalls(mvc);
    }

    @Test
    void malformedJsonIsABadRequest() throws Exception {
        String cluster = calls.cluster();
        String environment = calls.environment();
        long before = rows();
        List<MockHttpServletRequestBuilder> calls = List.of(
                post("/api/v1/environments"),
                patch("/api/v1/environments/" + environment),
                put("/api/v1/environments/order"),
                post("/api/v1/clusters"),
                patch("/api/v1/clusters/" + cluster),
                post("/api/v1/clusters/" + cluster + "/namespace-rules"));
        for (MockHttpServletRequestBuilder call : calls) {
            for (String body : List.of("{\"name\": ", "[1,2]", "\"text\"", "{\"name\": [\"a\"]")) {
                problem(mvc.perform(call.contentType(MediaType.APPLICATION_JSON).content(body)
                        .with(httpBasic(TestWorld.LEAD, TestWorld.PASSWORD))), 400, "invalid-request");
            }
        }
        assertThat(rows()).isEqualTo(before);
    }

    @Test
    void clusterNamesMustBeLabels() throws Exception {
        String environment = calls.environment();
        long before = rows();
        for (String bad : List.of("", " ", "Prod-EU", "prod_eu", "prod.eu", "-prod", "prod-", "a".repeat(64), "prod eu", "prød")) {
            problem(calls.createCluster(TestWorld.LEAD, Map.of("name", bad, "environment", environment)), 400, "invalid-request");
        }
        String cluster = calls.cluster();
        problem(calls.changeCluster(TestWorld.LEAD, cluster, Map.of("name", "Bad Name")), 400, "invalid-request");
        problem(calls.createCluster(TestWorld.LEAD, Map.of("environment", environment)), 400, "invalid-request");
        problem(calls.createCluster(TestWorld.LEAD, Map.of("name", ClusterCalls.unique("no-env"))), 400, "invalid-request");
        problem(calls.createCluster(TestWorld.LEAD, Map.of("name", ClusterCalls.unique("no-env"), "environment", " ")), 400,
                "invalid-request");
        problem(calls.changeCluster(TestWorld.LEAD, cluster, Map.of("environment", "")), 400, "invalid-request");
        assertThat(rows()).isEqualTo(before + 2); // the cluster and environment calls.cluster() made
        calls.cluster(TestWorld.LEAD, cluster).andExpect(status().isOk());
    }

    @Test
    void descriptionsAreBounded() throws Exception {
        String environment = calls.environment();
        String name = ClusterCalls.unique("long");
        problem(calls.createCluster(TestWorld.LEAD, Map.of("name", name, "environment", environment,
                "description", "x".repeat(1001))), 400, "invalid-request");
        calls.cluster(TestWorld.LEAD, name).andExpect(status().isNotFound());

        calls.createCluster(TestWorld.LEAD, Map.of("name", name, "environment", environment, "description", "x".repeat(1000)))
                .andExpect(status().isCreated());
        problem(calls.changeCluster(TestWorld.LEAD, name, Map.of("description", "y".repeat(1001))), 400, "invalid-request");
        calls.cluster(TestWorld.LEAD, name).andExpect(jsonPath("$.description").value("x".repeat(1000)));
    }

    @Test
    void badGlobsAreRefusedWithWhatAPatternMayBe() throws Exception {
        String cluster = calls.cluster();
        String project = world.alphaProject().slug();
        for (String bad : List.of("", "Payments-*", "pay_*", "**", "pay**", "team/a", "pay%", "pay?", "a".repeat(64), "pay *")) {
            problem(calls.addRule(TestWorld.LEAD, cluster, bad, project), 400, "invalid-request")
                    .andExpect(jsonPath("$.detail").value(containsString("payments-*")));
        }
        problem(mvc.perform(post("/api/v1/clusters/" + cluster + "/namespace-rules").contentType(MediaType.APPLICATION_JSON)
                .content("{\"project\":\"" + project + "\"}").with(httpBasic(TestWorld.LEAD, TestWorld.PASSWORD))), 400, "invalid-request");
        assertThat(ruleCount(cluster)).isZero();
    }

    @Test
    void badNamespacesInThePreviewAreRefused() throws Exception {
        String cluster = calls.cluster();
        for (String bad : List.of("Payments", "a".repeat(64), "pay*", "")) {
            problem(calls.owner(TestWorld.LEAD, cluster, bad), 400, "invalid-request");
        }
    }

    @Test
    void unknownEnvironmentsClustersAndProjectsAreNotFound() throws Exception {
        String cluster = calls.cluster();
        String missing = ClusterCalls.unique("missing");
        long before = rows();

        problem(calls.createCluster(TestWorld.LEAD, Map.of("name", ClusterCalls.unique("c"), "environment", missing)), 404, "not-found");
        problem(calls.changeCluster(TestWorld.LEAD, cluster, Map.of("environment", missing)), 404, "not-found");
        problem(calls.renameEnvironment(TestWorld.LEAD, missing, ClusterCalls.unique("x")), 404, "not-found");
        problem(calls.deleteEnvironment(TestWorld.LEAD, missing), 404, "not-found");
        problem(calls.cluster(TestWorld.ALICE, missing), 404, "not-found");
        problem(calls.changeCluster(TestWorld.LEAD, missing, Map.of("description", "x")), 404, "not-found");
        problem(calls.deleteCluster(TestWorld.LEAD, missing), 404, "not-found");
        problem(calls.rules(TestWorld.ALICE, missing), 404, "not-found");
        problem(calls.owner(TestWorld.ALICE, missing, "web"), 404, "not-found");
        problem(calls.addRule(TestWorld.LEAD, missing, "web-*", world.alphaProject().slug()), 404, "not-found");
        problem(calls.addRule(TestWorld.LEAD, cluster, "web-*", missing), 404, "not-found");

        assertThat(rows()).isEqualTo(before);
        assertThat(ruleCount(cluster)).isZero();
    }

    @Test
    void aLeadsTokenLimitedToATeamCannotManageClusters() throws Exception {
        String token = world.token(TestWorld.LEAD, "alpha", Scope.INVENTORY_WRITE, Scope.READ);
        long before = rows();
        problem(mvc.perform(post("/api/v1/environments").contentType(MediaType.APPLICATION_JSON)
                .content("{\"name\":\"" + ClusterCalls.unique("env") + "\"}").with(bearer(token))),
                403, "forbidden");
        assertThat(rows()).isEqualTo(before);
    }

    private ResultActions problem(ResultActions result, int status, String type) throws Exception {
        return result.andExpect(status().is(status))
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.type").value("urn:keelwatch:problem:" + type));
    }

    /** Environments and clusters. */
    private long rows() {
        return jdbc.sql("select (select count(*) from environment) + (select count(*) from cluster)").query(Long.class).single();
    }

    private long ruleCount(String cluster) {
        return jdbc.sql("select count(*) from namespace_rule r join cluster c on c.id = r.cluster_id where c.name = :cluster")
                .param("cluster", cluster).query(Long.class).single();
    }
}
