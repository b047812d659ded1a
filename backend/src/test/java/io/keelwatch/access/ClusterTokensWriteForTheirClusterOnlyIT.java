package io.keelwatch.access;

import static io.keelwatch.testsupport.Bearer.bearer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.keelwatch.inventory.ClusterCalls;
import io.keelwatch.testsupport.KeelwatchIntegrationTest;
import io.keelwatch.testsupport.TestWorld;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * An agent inside a cluster posts with a token bound to that one cluster: only leads and admins
 * create one, it carries only the scopes a cluster's agent needs ({@code inventory:write}), it
 * writes for its own cluster and no other, and it reads and manages nothing. A cluster with an
 * active token is not deleted.
 */
@KeelwatchIntegrationTest
class ClusterTokensWriteForTheirClusterOnlyIT {

    @Autowired
    MockMvc mvc;
    @Autowired
    TestWorld world;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    ApiTokenService tokens;
    @Autowired
    AccessService access;

    private final JsonMapper json = JsonMapper.builder().build();
    private ClusterCalls calls;

    @BeforeEach
    void calls() {
        world.alpha(); // the people the calls act as
        calls = new ClusterCalls(mvc);
    }

    @Test
    void aLeadsClusterTokenWritesForItsClusterOnly() throws Exception {
        world.alpha();
        String cluster = calls.cluster();
        long clusterId = clusterId(cluster);
        long otherId = clusterId(calls.cluster());

        JsonNode created = read(createToken(TestWorld.LEAD, Map.of("name", "agent " + cluster, "scopes", List.of("inventory:write"),
                "cluster", cluster))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.token.cluster").value(cluster))
                .andExpect(jsonPath("$.token.scopes[0]").value("inventory:write")));
        String secret = created.get("secret").asString();

        Viewer agent = viewerOf(TestWorld.LEAD, secret);
        assertThat(agent.mayWriteCluster(clusterId, Scope.INVENTORY_WRITE)).isTrue();
        assertThat(agent.mayWriteCluster(otherId, Scope.INVENTORY_WRITE)).isFalse();
        assertThat(agent.mayWriteCluster(clusterId, Scope.ALERTS_WRITE)).isFalse();
        assertThat(agent.mayRead()).isFalse();
        assertThat(agent.mayManageClusters()).isFalse();
        assertThat(agent.allTeams()).isFalse();

        mvc.perform(get("/api/v1/clusters/" + cluster).with(bearer(secret))).andExpect(status().isForbidden());
        mvc.perform(get("/api/v1/findings").with(bearer(secret))).andExpect(status().isForbidden());
        mvc.perform(post("/api/v1/environments").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"name\":\"" + ClusterCalls.unique("agent-env") + "\"}").with(bearer(secret)))
                .andExpect(status().isForbidden());
        mvc.perform(get("/api/v1/tokens/" + created.get("token").get("id").asLong()).with(httpBasic(TestWorld.LEAD, TestWorld.PASSWORD)))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.cluster").value(cluster));
    }

    @Test
    void aLeadsUnboundInventoryTokenWritesForEveryClusterAndManagesThem() throws Exception {
        String cluster = calls.cluster();
        String secret = world.token(TestWorld.LEAD, null, Scope.INVENTORY_WRITE);

        Viewer lead = viewerOf(TestWorld.LEAD, secret);
        assertThat(lead.mayWriteCluster(clusterId(cluster), Scope.INVENTORY_WRITE)).isTrue();
        assertThat(lead.mayManageClusters()).isTrue();
        mvc.perform(post("/api/v1/environments").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"name\":\"" + ClusterCalls.unique("token-env") + "\"}").with(bearer(secret)))
                .andExpect(status().isCreated());
    }

    @Test
    void developersNeitherBindTokensToClustersNorGetInventoryWrite() throws Exception {
        String cluster = calls.cluster();
        long before = tokenCount();

        createToken(TestWorld.ALICE, Map.of("name", "mine", "scopes", List.of("inventory:write"), "cluster", cluster))
                .andExpect(status().isForbidden())
                .andExpect(jsonPath("$.type").value("urn:keelwatch:problem:forbidden"));
        createToken(TestWorld.ALICE, Map.of("name", "mine", "scopes", List.of("inventory:write")))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.detail").value(containsString("inventory:write")));
        createToken(TestWorld.ADMIN, Map.of("name", "for alice", "owner", TestWorld.ALICE, "scopes", List.of("inventory:write"),
                "cluster", cluster))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.detail").value(containsString("lead or an admin")));

        assertThat(tokenCount()).isEqualTo(before);
    }

    @Test
    void aClusterTokenCarriesOnlyClusterScopesAndNoTeam() throws Exception {
        String cluster = calls.cluster();
        long before = tokenCount();

        createToken(TestWorld.LEAD, Map.of("name", "agent", "scopes", List.of("inventory:write", "read"), "cluster", cluster))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.type").value("urn:keelwatch:problem:invalid-request"))
                .andExpect(jsonPath("$.detail").value(containsString("read")));
        createToken(TestWorld.LEAD, Map.of("name", "agent", "scopes", List.of("scans:write"), "cluster", cluster))
                .andExpect(status().isBadRequest());
        createToken(TestWorld.ADMIN, Map.of("name", "agent", "scopes", List.of("admin"), "cluster", cluster))
                .andExpect(status().isBadRequest());
        createToken(TestWorld.LEAD, Map.of("name", "agent", "scopes", List.of("inventory:write"), "cluster", cluster, "team", "alpha"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.detail").value(containsString("team")));
        createToken(TestWorld.LEAD, Map.of("name", "agent", "scopes", List.of("inventory:write"), "cluster", ClusterCalls.unique("nowhere")))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.type").value("urn:keelwatch:problem:not-found"));
        createToken(TestWorld.LEAD, Map.of("name", "agent", "scopes", List.of("inventory:write"), "cluster", "x".repeat(64)))
                .andExpect(status().isBadRequest());

        assertThat(tokenCount()).isEqualTo(before);
    }

    @Test
    void aClusterWithAnActiveTokenStaysUntilTheTokenIsRevoked() throws Exception {
        String cluster = calls.cluster();
        JsonNode created = read(createToken(TestWorld.LEAD, Map.of("name", "agent", "scopes", List.of("inventory:write"),
                "cluster", cluster)).andExpect(status().isCreated()));
        long tokenId = created.get("token").get("id").asLong();

        calls.deleteCluster(TestWorld.LEAD, cluster)
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.type").value("urn:keelwatch:problem:cluster-in-use"))
                .andExpect(jsonPath("$.detail").value(containsString("1 active API token")));
        calls.cluster(TestWorld.LEAD, cluster).andExpect(status().isOk());

        mvc.perform(delete("/api/v1/tokens/" + tokenId).with(httpBasic(TestWorld.LEAD, TestWorld.PASSWORD)))
                .andExpect(status().isNoContent());
        calls.deleteCluster(TestWorld.LEAD, cluster).andExpect(status().isNoContent());
        mvc.perform(get("/api/v1/clusters").with(bearer(created.get("secret").asString()))).andExpect(status().isUnauthorized());
    }

    @Test
    void aLeadBindsATokenToAClusterOnTheTokensPage() throws Exception {
        String cluster = calls.cluster();

        mvc.perform(get("/settings/tokens").with(user(TestWorld.LEAD).roles("SECURITY_LEAD")))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("<option value=\"" + cluster + "\"")));
        mvc.perform(post("/settings/tokens").with(csrf()).with(user(TestWorld.LEAD).roles("SECURITY_LEAD"))
                        .param("name", "agent " + cluster).param("scopes", "inventory:write").param("cluster", cluster))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("data-testid=\"token-secret\"")))
                .andExpect(content().string(containsString("cluster " + cluster)));
        assertThat(jdbc.sql("select count(*) from api_token k join cluster c on c.id = k.cluster_id where c.name = :name")
                .param("name", cluster).query(Long.class).single()).isEqualTo(1);

        mvc.perform(get("/settings/tokens").with(user(TestWorld.ALICE).roles("DEVELOPER")))
                .andExpect(status().isOk())
                .andExpect(content().string(not(containsString("name=\"cluster\""))));
    }

    private Viewer viewerOf(String owner, String secret) {
        TokenGrant grant = tokens.authenticate(secret).grant();
        UserSummary user = access.user(owner).orElseThrow();
        return new Viewer(user.id(), user.username(), user.role(), Set.of(), Optional.of(grant));
    }

    private ResultActions createToken(String user, Map<String, ?> body) throws Exception {
        return mvc.perform(post("/api/v1/tokens").contentType(MediaType.APPLICATION_JSON).content(json.writeValueAsString(body))
                .with(httpBasic(user, TestWorld.PASSWORD)));
    }

    private long clusterId(String cluster) throws Exception {
        return calls.read(calls.cluster(TestWorld.LEAD, cluster).andExpect(status().isOk())).get("id").asLong();
    }

    private JsonNode read(ResultActions result) throws Exception {
        return json.readTree(result.andReturn().getResponse().getContentAsString());
    }

    private long tokenCount() {
        return jdbc.sql("select count(*) from api_token").query(Long.class).single();
    }
}
