package io.keelwatch.runtime.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.keelwatch.inventory.InventoryService;
import io.keelwatch.runtime.FalcoEventIngest;
import io.keelwatch.testsupport.Fixtures;
import io.keelwatch.testsupport.KeelwatchIntegrationTest;
import io.keelwatch.testsupport.TestWorld;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A mute is an exception (proposed, approved by a lead, expiring): while in force the alerts it matches
 * are kept and marked "muted by exception #n", left out of the list by default (which counts them);
 * when it expires they show again. Real Falco events: the docs' shell in docker.io/library/alpine and
 * Fission's blog post (a shell in plain "alpine", an API server contact), all in namespace default.
 */
@KeelwatchIntegrationTest
class MutedAlertsAreKeptAndMarkedUntilTheExceptionExpiresIT {

    @Autowired
    MockMvc mvc;
    @Autowired
    TestWorld world;
    @Autowired
    InventoryService inventory;
    @Autowired
    FalcoEventIngest ingest;

    private final JsonMapper json = JsonMapper.builder().build();

    @Test
    void anApprovedMuteMarksAndHidesItsAlertsUntilItExpires() throws Exception {
        String cluster = world.newCluster("mute");
        String alpha = world.alphaProject().slug(); // a new project of alpha's each call
        inventory.addNamespaceRule(cluster, "default", alpha, world.admin());
        ingest.ingest(cluster, Fixtures.bytes("falco/falco-website__docs__concepts__outputs__channels.jsonl"), true, world.admin());
        ingest.ingest(cluster, Fixtures.bytes("falco/falco-website__blog__falcosidekick-response-engine-part-9-fission.jsonl"), true,
                world.admin());
        assertThat(rules(list(TestWorld.ALICE, cluster, ""))).hasSize(2); // fission-function is no namespace of alpha's

        // alice (alpha's developer) proposes: the shell in docker.io/library/* images of alpha's project, for a few seconds
        OffsetDateTime expiry = OffsetDateTime.now(ZoneOffset.UTC).plusSeconds(6);
        String proposal = """
                {"project":"%s","cluster":"%s","rule":"Terminal shell in container","imagePattern":"docker.io/library/*",
                 "kind":"false_positive","justification":"kubectl exec by the on-call runbook","expiresAt":"%s"}"""
                .formatted(alpha, cluster, expiry);
        JsonNode mute = json.readTree(mvc.perform(post("/api/v1/exceptions/mutes").contentType(MediaType.APPLICATION_JSON)
                        .content(proposal).with(httpBasic(TestWorld.ALICE, TestWorld.PASSWORD)))
                .andExpect(status().isCreated()).andReturn().getResponse().getContentAsString());
        long id = mute.get("id").asLong();
        assertThat(mute.get("state").asString()).isEqualTo("proposed");
        assertThat(mute.get("mute").get("cluster").asString()).isEqualTo(cluster);
        // proposed mutes mute nothing; a developer may not approve
        assertThat(list(TestWorld.LEAD, cluster, "").get("totalItems").asInt()).isEqualTo(3);
        mvc.perform(post("/api/v1/exceptions/" + id + "/approve").with(httpBasic(TestWorld.ALICE, TestWorld.PASSWORD)))
                .andExpect(status().isForbidden());
        mvc.perform(post("/api/v1/exceptions/" + id + "/approve").with(httpBasic(TestWorld.LEAD, TestWorld.PASSWORD)))
                .andExpect(status().isOk());

        // approved: the docs' shell (docker.io/library/alpine) is muted, Fission's (plain "alpine") is not
        JsonNode shown = list(TestWorld.LEAD, cluster, "");
        assertThat(shown.get("totalItems").asInt()).isEqualTo(2);
        shown.get("items").forEach(a -> assertThat(a.path("mutedBy").isMissingNode() || a.path("mutedBy").isNull()).isTrue());
        JsonNode muted = list(TestWorld.LEAD, cluster, "&muted=yes");
        assertThat(muted.get("totalItems").asInt()).isEqualTo(1);
        assertThat(muted.get("items").get(0).get("imageRepository").asString()).isEqualTo("docker.io/library/alpine");
        assertThat(muted.get("items").get(0).get("mutedBy").asLong()).isEqualTo(id);
        assertThat(list(TestWorld.ALICE, cluster, "&muted=any").get("totalItems").asInt()).isEqualTo(2);
        mvc.perform(get("/api/v1/alerts").param("muted", "maybe").with(httpBasic(TestWorld.LEAD, TestWorld.PASSWORD)))
                .andExpect(status().isBadRequest());

        String page = mvc.perform(get("/alerts").param("cluster", cluster).with(user(TestWorld.LEAD).roles("SECURITY_LEAD")))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(page).contains("1 muted alert not shown").doesNotContain("muted by exception #" + id);
        String all = mvc.perform(get("/alerts").param("cluster", cluster).param("muted", "any")
                        .with(user(TestWorld.LEAD).roles("SECURITY_LEAD")))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(all).contains("muted by exception #" + id);
        long alert = muted.get("items").get(0).get("id").asLong();
        String detail = mvc.perform(get("/alerts/" + alert).with(user(TestWorld.LEAD).roles("SECURITY_LEAD")))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(detail).contains("data-testid=\"alert-muted\"").contains("exception #" + id);

        // expiry un-mutes: the alert is back in the list, nothing was dropped
        Thread.sleep(Math.max(0, Duration.between(Instant.now(), expiry.toInstant()).toMillis()) + 200);
        assertThat(list(TestWorld.LEAD, cluster, "").get("totalItems").asInt()).isEqualTo(3);
        assertThat(list(TestWorld.LEAD, cluster, "&muted=yes").get("totalItems").asInt()).isZero();
    }

    @Test
    void aMuteNeedsARuleAnExpiryAndAScopeTheCallerMayWriteTo() throws Exception {
        String future = OffsetDateTime.now(ZoneOffset.UTC).plusDays(3).toString();
        String project = world.alphaProject().slug();
        for (String body : List.of(
                "{\"project\":\"" + project + "\",\"kind\":\"false_positive\",\"justification\":\"x\",\"expiresAt\":\"" + future + "\"}",
                "{\"project\":\"" + project + "\",\"rule\":\"r\",\"kind\":\"false_positive\",\"justification\":\"x\"}",
                "{\"rule\":\"r\",\"kind\":\"false_positive\",\"justification\":\"x\",\"expiresAt\":\"" + future + "\"}",
                "{\"project\":\"" + project + "\",\"rule\":\"" + "r".repeat(201) + "\",\"kind\":\"false_positive\",\"justification\":\"x\","
                        + "\"expiresAt\":\"" + future + "\"}",
                "{\"project\":\"" + project + "\",\"rule\":\"r\",\"kind\":\"not_affected\",\"justification\":\"x\",\"expiresAt\":\"" + future + "\"}",
                "{\"project\":\"" + project + "\",\"rule\":\"r\",\"kind\":\"false_positive\",\"justification\":\"x\",\"expiresAt\":\""
                        + future + "\",\"packageName\":\"musl\"}")) {
            mvc.perform(post("/api/v1/exceptions/mutes").contentType(MediaType.APPLICATION_JSON).content(body)
                            .with(httpBasic(TestWorld.ALICE, TestWorld.PASSWORD)))
                    .andExpect(status().isBadRequest());
        }
        // a cluster alone covers every team's alerts there: a developer may not; another team's project is missing
        String cluster = world.newCluster("mute-c");
        mvc.perform(post("/api/v1/exceptions/mutes").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"cluster\":\"" + cluster + "\",\"rule\":\"r\",\"kind\":\"false_positive\",\"justification\":\"x\","
                                + "\"expiresAt\":\"" + future + "\"}")
                        .with(httpBasic(TestWorld.ALICE, TestWorld.PASSWORD)))
                .andExpect(status().isForbidden());
        mvc.perform(post("/api/v1/exceptions/mutes").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"project\":\"" + world.betaProject().slug() + "\",\"rule\":\"r\",\"kind\":\"false_positive\","
                                + "\"justification\":\"x\",\"expiresAt\":\"" + future + "\"}")
                        .with(httpBasic(TestWorld.ALICE, TestWorld.PASSWORD)))
                .andExpect(status().isNotFound());
        JsonNode clusterMute = json.readTree(mvc.perform(post("/api/v1/exceptions/mutes").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"cluster\":\"" + cluster + "\",\"rule\":\"r\",\"kind\":\"risk_accepted\",\"justification\":\"x\","
                                + "\"expiresAt\":\"" + future + "\"}")
                        .with(httpBasic(TestWorld.LEAD, TestWorld.PASSWORD)))
                .andExpect(status().isCreated()).andReturn().getResponse().getContentAsString());
        assertThat(clusterMute.path("team").isMissingNode() || clusterMute.path("team").isNull()).isTrue();
        // the team-less mute is the cluster owners': a developer does not see it
        mvc.perform(get("/api/v1/exceptions/" + clusterMute.get("id").asLong()).with(httpBasic(TestWorld.ALICE, TestWorld.PASSWORD)))
                .andExpect(status().isNotFound());
        mvc.perform(get("/exceptions/" + clusterMute.get("id").asLong()).with(user(TestWorld.LEAD).roles("SECURITY_LEAD")))
                .andExpect(status().isOk());
    }

    private JsonNode list(String user, String cluster, String query) throws Exception {
        return json.readTree(mvc.perform(get("/api/v1/alerts?cluster=" + cluster + query).with(httpBasic(user, TestWorld.PASSWORD)))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString());
    }

    private static List<String> rules(JsonNode page) {
        List<String> rules = new ArrayList<>();
        page.get("items").forEach(a -> rules.add(a.get("rule").asString()));
        return rules;
    }
}
