package io.keelwatch.inventory.clusters;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.keelwatch.inventory.ClusterCalls;
import io.keelwatch.testsupport.KeelwatchIntegrationTest;
import io.keelwatch.testsupport.TestWorld;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import tools.jackson.databind.JsonNode;

/**
 * Leads and admins create, edit and delete clusters (only empty ones); everyone reads them; each
 * change is audited.
 */
@KeelwatchIntegrationTest
class ClustersAreManagedByLeadsAndReadByEveryoneIT {

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
    void aLeadCreatesAClusterThatEveryoneReads() throws Exception {
        world.alpha();
        String environment = calls.environment();
        String name = ClusterCalls.unique("prod-eu");

        calls.createCluster(TestWorld.LEAD, Map.of("name", name, "environment", environment, "description", "Frankfurt, EKS"))
                .andExpect(status().isCreated())
                .andExpect(header().string("Location", "/api/v1/clusters/" + name))
                .andExpect(jsonPath("$.name").value(name))
                .andExpect(jsonPath("$.environment").value(environment))
                .andExpect(jsonPath("$.description").value("Frankfurt, EKS"));

        for (String reader : List.of(TestWorld.ALICE, TestWorld.BOB, TestWorld.AUDITOR, TestWorld.ADMIN)) {
            calls.cluster(reader, name)
                    .andExpect(status().isOk())
                    .andExpect(jsonPath("$.environment").value(environment))
                    .andExpect(jsonPath("$.description").value("Frankfurt, EKS"));
            assertThat(names(clusters(reader, null))).contains(name);
        }
        assertThat(names(clusters(TestWorld.BOB, environment))).containsExactly(name);
        assertThat(audited("cluster.created", id(name))).isEqualTo(1);
    }

    @Test
    void anAdminMovesRenamesAndRedescribesACluster() throws Exception {
        String name = calls.cluster();
        long id = id(name);
        String other = calls.environment();
        String renamed = ClusterCalls.unique("renamed");

        calls.changeCluster(TestWorld.ADMIN, name, Map.of("name", renamed, "environment", other, "description", "moved"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.name").value(renamed))
                .andExpect(jsonPath("$.environment").value(other))
                .andExpect(jsonPath("$.description").value("moved"));
        calls.changeCluster(TestWorld.ADMIN, renamed, Map.of("description", ""))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.environment").value(other))
                .andExpect(jsonPath("$.description").doesNotExist());

        calls.cluster(TestWorld.ALICE, name).andExpect(status().isNotFound());
        calls.cluster(TestWorld.ALICE, renamed).andExpect(status().isOk()).andExpect(jsonPath("$.environment").value(other));
        assertThat(audited("cluster.changed", id)).isEqualTo(2);
    }

    @Test
    void aSecondClusterOfTheSameNameIsAConflict() throws Exception {
        String name = calls.cluster();
        calls.createCluster(TestWorld.LEAD, Map.of("name", name, "environment", calls.environment()))
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.type").value("urn:keelwatch:problem:conflict"))
                .andExpect(jsonPath("$.detail").value(containsString(name)));
        assertThat(jdbc.sql("select count(*) from cluster where name = :name").param("name", name).query(Long.class).single())
                .isEqualTo(1);
    }

    @Test
    void anEmptyClusterIsDeletedOneWithNamespaceRulesStays() throws Exception {
        String empty = calls.cluster();
        long emptyId = id(empty);
        String mapped = calls.cluster();
        calls.rule(mapped, "payments-*", world.alphaProject().slug());

        calls.deleteCluster(TestWorld.LEAD, empty).andExpect(status().isNoContent());
        calls.deleteCluster(TestWorld.LEAD, mapped)
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.type").value("urn:keelwatch:problem:cluster-in-use"))
                .andExpect(jsonPath("$.detail").value(containsString("1 namespace rule")));

        calls.cluster(TestWorld.LEAD, empty).andExpect(status().isNotFound());
        calls.cluster(TestWorld.LEAD, mapped).andExpect(status().isOk());
        assertThat(audited("cluster.deleted", emptyId)).isEqualTo(1);
    }

    @Test
    void developersAndAuditorsChangeNoCluster() throws Exception {
        String name = calls.cluster();
        for (String user : List.of(TestWorld.ALICE, TestWorld.BOB, TestWorld.AUDITOR)) {
            String attempt = ClusterCalls.unique("nope");
            calls.createCluster(user, Map.of("name", attempt, "environment", calls.environment()))
                    .andExpect(status().isForbidden())
                    .andExpect(jsonPath("$.type").value("urn:keelwatch:problem:forbidden"));
            calls.changeCluster(user, name, Map.of("description", "mine")).andExpect(status().isForbidden());
            calls.deleteCluster(user, name).andExpect(status().isForbidden());
            calls.addRule(user, name, "team-*", world.alphaProject().slug()).andExpect(status().isForbidden());
            calls.cluster(user, attempt).andExpect(status().isNotFound());
        }
        calls.cluster(TestWorld.LEAD, name).andExpect(status().isOk()).andExpect(jsonPath("$.description").doesNotExist());
    }

    private JsonNode clusters(String user, String environment) throws Exception {
        var request = get("/api/v1/clusters").param("size", "500").with(httpBasic(user, TestWorld.PASSWORD));
        if (environment != null) {
            request.param("environment", environment);
        }
        return calls.read(mvc.perform(request).andExpect(status().isOk())).get("items");
    }

    private long id(String cluster) throws Exception {
        return calls.read(calls.cluster(TestWorld.LEAD, cluster).andExpect(status().isOk())).get("id").asLong();
    }

    private int audited(String action, long cluster) {
        return jdbc.sql("select count(*) from audit_event where action = :action and target_type = 'cluster' and target_id = :id")
                .param("action", action)
                .param("id", String.valueOf(cluster))
                .query(Integer.class)
                .single();
    }

    private static List<String> names(JsonNode clusters) {
        List<String> names = new ArrayList<>();
        clusters.forEach(c -> names.add(c.get("name").asString()));
        return names;
    }
}
