package io.keelwatch.runtime.incidents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.keelwatch.access.Scope;
import io.keelwatch.inventory.InventoryService;
import io.keelwatch.runtime.FalcoEventIngest;
import io.keelwatch.testsupport.KeelwatchIntegrationTest;
import io.keelwatch.testsupport.TestWorld;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Incidents follow the one visibility rule, as their alerts do: a team's developers see and work their team's
 * incidents, another team's are missing (404) on the API, the board and the page; an incident of a namespace no rule
 * maps is the cluster owners'; auditors read every incident and change none (403); a cluster's bound token works none.
 */
@KeelwatchIntegrationTest
class IncidentsAreSeenOnlyByTheirTeamIT {

    @Autowired
    MockMvc mvc;
    @Autowired
    TestWorld world;
    @Autowired
    InventoryService inventory;
    @Autowired
    FalcoEventIngest ingest;
    @Autowired
    JdbcClient jdbc;

    private final JsonMapper json = JsonMapper.builder().build();

    @Test
    void eachTeamSeesAndWorksOnlyItsOwnIncidents() throws Exception {
        ShellEvents events = new ShellEvents(inventory, ingest, world, jdbc);
        String cluster = events.cluster("vis");
        Instant at = Instant.parse("2024-08-01T10:00:00Z");
        long shop = events.alert(cluster, "shop-web", "web-1", "shell", "Critical", at);
        long pay = events.alert(cluster, "pay-api", "api-1", "shell", "Critical", at);
        long system = events.alert(cluster, "kube-system", "etcd-0", "shell", "Critical", at);

        long alphaIncident = create(TestWorld.ALICE, shop);
        long betaIncident = create(TestWorld.BOB, pay);
        // alice cannot even name the other namespaces' alerts
        mvc.perform(api(post("/api/v1/incidents"), TestWorld.ALICE, "{\"alerts\":[" + system + "]}")).andExpect(status().isNotFound());
        long ownersIncident = create(TestWorld.LEAD, system);

        assertThat(listed(TestWorld.ALICE, cluster)).containsExactly(alphaIncident);
        assertThat(listed(TestWorld.BOB, cluster)).containsExactly(betaIncident);
        for (String owner : List.of(TestWorld.LEAD, TestWorld.AUDITOR, TestWorld.ADMIN)) {
            assertThat(listed(owner, cluster)).containsExactlyInAnyOrder(alphaIncident, betaIncident, ownersIncident);
        }
        for (long other : List.of(betaIncident, ownersIncident)) {
            mvc.perform(api(get("/api/v1/incidents/" + other), TestWorld.ALICE, null)).andExpect(status().isNotFound());
            mvc.perform(api(post("/api/v1/incidents/" + other + "/notes"), TestWorld.ALICE, "{\"text\":\"mine now\"}"))
                    .andExpect(status().isNotFound());
            mvc.perform(get("/incidents/" + other).with(user(TestWorld.ALICE).roles("DEVELOPER"))).andExpect(status().isNotFound());
            mvc.perform(post("/incidents/" + other + "/status").param("status", "investigating").with(csrf())
                    .with(user(TestWorld.ALICE).roles("DEVELOPER"))).andExpect(status().isNotFound());
        }

        // auditors read, never change
        mvc.perform(api(get("/api/v1/incidents/" + alphaIncident), TestWorld.AUDITOR, null)).andExpect(status().isOk());
        mvc.perform(api(post("/api/v1/incidents/" + alphaIncident + "/notes"), TestWorld.AUDITOR, "{\"text\":\"noted\"}"))
                .andExpect(status().isForbidden());
        String auditorPage = mvc.perform(get("/incidents/" + alphaIncident).with(user(TestWorld.AUDITOR).roles("AUDITOR")))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(auditorPage).contains("shell").doesNotContain("data-testid=\"status-form\"");
        // alice works her team's incident; the cluster owners' incident is the leads' to change
        mvc.perform(api(post("/api/v1/incidents/" + alphaIncident + "/status"), TestWorld.ALICE, "{\"status\":\"investigating\"}"))
                .andExpect(status().isOk());
        mvc.perform(api(post("/api/v1/incidents/" + ownersIncident + "/status"), TestWorld.LEAD, "{\"status\":\"false_alarm\"}"))
                .andExpect(status().isOk());

        // a token limited to beta sees beta's incident only; a cluster's bound token changes none
        String betaToken = world.token(TestWorld.LEAD, world.beta().slug(), Scope.READ, Scope.ALERTS_WRITE);
        mvc.perform(get("/api/v1/incidents/" + alphaIncident).header("Authorization", "Bearer " + betaToken))
                .andExpect(status().isNotFound());
        mvc.perform(get("/api/v1/incidents/" + betaIncident).header("Authorization", "Bearer " + betaToken))
                .andExpect(status().isOk());
        String clusterToken = jsonOf(mvc.perform(post("/api/v1/tokens").with(httpBasic(TestWorld.LEAD, TestWorld.PASSWORD))
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"name\":\"sidekick\",\"scopes\":[\"alerts:write\"],\"cluster\":\"" + cluster + "\"}"))
                .andExpect(status().isCreated()).andReturn().getResponse().getContentAsString()).get("secret").asString();
        mvc.perform(post("/api/v1/incidents/" + alphaIncident + "/notes").header("Authorization", "Bearer " + clusterToken)
                .contentType(MediaType.APPLICATION_JSON).content("{\"text\":\"from the agent\"}")).andExpect(status().isForbidden());

        // the board and the alerts list show the same
        String alicePage = mvc.perform(get("/incidents").with(user(TestWorld.ALICE).roles("DEVELOPER")))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(alicePage).contains("data-incident=\"" + alphaIncident + "\"").doesNotContain("data-incident=\"" + betaIncident + "\"")
                .doesNotContain("data-incident=\"" + ownersIncident + "\"");
        String alertPage = mvc.perform(get("/alerts/" + shop).with(user(TestWorld.ALICE).roles("DEVELOPER")))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(alertPage).contains("/incidents/" + alphaIncident);
    }

    private long create(String user, long alert) throws Exception {
        return jsonOf(mvc.perform(api(post("/api/v1/incidents"), user, "{\"alerts\":[" + alert + "]}"))
                .andExpect(status().isCreated()).andReturn().getResponse().getContentAsString()).get("incident").get("id").asLong();
    }

    private List<Long> listed(String user, String cluster) throws Exception {
        JsonNode page = jsonOf(mvc.perform(api(get("/api/v1/incidents?cluster=" + cluster), user, null))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString());
        List<Long> ids = new ArrayList<>();
        page.get("items").forEach(i -> ids.add(i.get("id").asLong()));
        return ids;
    }

    private static org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder api(
            org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder request, String user, String body) {
        request.with(httpBasic(user, TestWorld.PASSWORD));
        return body == null ? request : request.contentType(MediaType.APPLICATION_JSON).content(body);
    }

    private JsonNode jsonOf(String body) {
        return json.readTree(body);
    }
}
