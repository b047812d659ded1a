package io.keelwatch.inventory.workloads;

import static io.keelwatch.testsupport.Bearer.bearer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.keelwatch.access.Scope;
import io.keelwatch.inventory.ClusterCalls;
import io.keelwatch.inventory.ProjectRef;
import io.keelwatch.inventory.WorkloadCalls;
import io.keelwatch.testsupport.KeelwatchIntegrationTest;
import io.keelwatch.testsupport.TestWorld;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What runs in a namespace is read by the team whose project its namespace rule names; a namespace no
 * rule maps by leads, auditors and admins only (its drift: no project). Posting is for leads, admins,
 * their {@code inventory:write} tokens and the cluster's own agent token — for its cluster only (another
 * cluster is 404 to it); developers, auditors and team-limited tokens are refused.
 */
@KeelwatchIntegrationTest
class RunningWorkloadsStayWithTheTeamOwningTheirNamespaceIT {

    @Autowired
    MockMvc mvc;
    @Autowired
    TestWorld world;

    private final JsonMapper json = JsonMapper.builder().build();
    private ClusterCalls clusters;
    private WorkloadCalls workloads;
    private String cluster;

    @BeforeEach
    void cluster() throws Exception {
        world.alpha();
        clusters = new ClusterCalls(mvc);
        workloads = new WorkloadCalls(mvc);
        cluster = clusters.cluster();
    }

    @Test
    void eachTeamSeesItsNamespacesAndOnlyLeadsAuditorsAndAdminsSeeUnmappedOnes() throws Exception {
        ProjectRef alpha = world.alphaProject();
        ProjectRef beta = world.betaProject();
        clusters.rule(cluster, "alpha-*", alpha.slug());
        clusters.rule(cluster, "beta-*", beta.slug());
        workloads.report(cluster, null, workloads.list("List", List.of(
                workloads.fixture("k9s_render_po.json", "alpha-web"),
                workloads.fixture("k9s_po_sidecar.json", "beta-jobs"),
                workloads.fixture("k9s_render_dp.json", "kube-system"))));

        assertThat(namespaces(TestWorld.ALICE)).containsExactly("alpha-web");
        assertThat(namespaces(TestWorld.BOB)).containsOnly("beta-jobs").hasSize(3);
        for (String everyone : List.of(TestWorld.LEAD, TestWorld.AUDITOR, TestWorld.ADMIN)) {
            assertThat(namespaces(everyone)).as(everyone).containsOnly("alpha-web", "beta-jobs", "kube-system");
        }
        assertThat(workloads.running(TestWorld.ALICE, Map.of("cluster", cluster, "drift", "no-project")).get("totalItems").asInt())
                .isZero();
        assertThat(workloads.running(TestWorld.LEAD, Map.of("cluster", cluster, "drift", "no-project")).get("items").get(0)
                .get("name").asString()).isEqualTo("icx-db");
        assertThat(workloads.running(TestWorld.ALICE, Map.of("project", beta.slug())).get("totalItems").asInt()).isZero();

        String alicePage = mvc.perform(get("/running").param("cluster", cluster).with(user(TestWorld.ALICE).roles("DEVELOPER")))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(alicePage).contains("alpha-web").doesNotContain("beta-jobs", "kube-system", "istio/base");

        String aliceToken = world.token(TestWorld.ALICE, null, Scope.READ);
        JsonNode viaToken = workloads.read(mvc.perform(get("/api/v1/workloads").param("cluster", cluster).with(bearer(aliceToken)))
                .andExpect(status().isOk()));
        assertThat(viaToken.get("totalItems").asInt()).isOne();
    }

    @Test
    void onlyLeadsAdminsTheirTokensAndTheClustersAgentPost() throws Exception {
        String other = clusters.cluster();
        byte[] pod = workloads.bytes(workloads.fixture("k9s_render_po.json", "default"));
        String agent = json.readTree(mvc.perform(post("/api/v1/tokens").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"name\":\"agent " + cluster + "\",\"scopes\":[\"inventory:write\"],\"cluster\":\"" + cluster + "\"}")
                        .with(httpBasic(TestWorld.LEAD, TestWorld.PASSWORD)))
                .andExpect(status().isCreated()).andReturn().getResponse().getContentAsString()).get("secret").asString();

        mvc.perform(workloads.request(cluster, null).contentType("application/json").content(pod).with(bearer(agent)))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.containers.seen").value(1));
        mvc.perform(workloads.request(other, null).contentType("application/json").content(pod).with(bearer(agent)))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.type").value("urn:keelwatch:problem:not-found"));
        mvc.perform(get("/api/v1/workloads").with(bearer(agent))).andExpect(status().isForbidden());

        String leadsToken = world.token(TestWorld.LEAD, null, Scope.INVENTORY_WRITE);
        mvc.perform(workloads.request(other, null).contentType("application/json").content(pod).with(bearer(leadsToken)))
                .andExpect(status().isOk());
        String teamLimited = world.token(TestWorld.LEAD, "alpha", Scope.INVENTORY_WRITE, Scope.READ);
        String readOnly = world.token(TestWorld.LEAD, null, Scope.READ);
        for (String token : List.of(teamLimited, readOnly)) {
            mvc.perform(workloads.request(cluster, null).contentType("application/json").content(pod).with(bearer(token)))
                    .andExpect(status().isForbidden());
        }
        for (String person : List.of(TestWorld.ALICE, TestWorld.AUDITOR)) {
            workloads.send(person, cluster, null, pod).andExpect(status().isForbidden())
                    .andExpect(jsonPath("$.type").value("urn:keelwatch:problem:forbidden"));
        }
        workloads.send(TestWorld.ADMIN, cluster, null, pod).andExpect(status().isOk());
    }

    private List<String> namespaces(String user) throws Exception {
        List<String> namespaces = new ArrayList<>();
        workloads.running(user, Map.of("cluster", cluster)).get("items").forEach(i -> namespaces.add(i.get("namespace").asString()));
        return namespaces;
    }
}
