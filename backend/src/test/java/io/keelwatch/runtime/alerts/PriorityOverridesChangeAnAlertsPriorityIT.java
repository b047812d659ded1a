package io.keelwatch.runtime.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.keelwatch.inventory.InventoryService;
import io.keelwatch.runtime.FalcoEventIngest;
import io.keelwatch.testsupport.Fixtures;
import io.keelwatch.testsupport.KeelwatchIntegrationTest;
import io.keelwatch.testsupport.TestWorld;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * keelwatch.runtime.priority-overrides gives a rule's alerts another priority (case-insensitive, {@code info}
 * alias): shown, filtered and charted with it; the raw events keep Falco's. Real events: the Falco docs'
 * Critical shell and the Falcosidekick README's "Write below binary dir" (Error).
 */
@KeelwatchIntegrationTest
@TestPropertySource(properties = "keelwatch.runtime.priority-overrides[Terminal\\ shell\\ in\\ container]=info")
class PriorityOverridesChangeAnAlertsPriorityIT {

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
    void anOverriddenRulesAlertsTakeTheOverridesPriorityWhileTheirEventsKeepFalcos() throws Exception {
        String cluster = world.newCluster("prio");
        ingest.ingest(cluster, Fixtures.bytes("falco/falco-website__docs__concepts__outputs__channels.jsonl"), true, world.admin());
        ingest.ingest(cluster, Fixtures.bytes("falco/falcosidekick__README-curl-payload.json"), false, world.admin());

        JsonNode all = list(cluster, "");
        assertThat(all.get("totalItems").asInt()).isEqualTo(2);
        JsonNode shell = null;
        for (JsonNode a : all.get("items")) {
            if (a.get("rule").asString().equals("Terminal shell in container")) {
                shell = a;
            } else {
                assertThat(a.get("priority").asString()).isEqualTo("Error");
            }
        }
        assertThat(shell).isNotNull();
        assertThat(shell.get("priority").asString()).isEqualTo("Informational");
        // filters use the overridden priority
        assertThat(list(cluster, "&priority=critical").get("totalItems").asInt()).isZero();
        assertThat(list(cluster, "&priority=error").get("items").get(0).get("rule").asString()).isEqualTo("Write below binary dir");
        assertThat(list(cluster, "&onlyPriority=informational").get("items").get(0).get("rule").asString())
                .isEqualTo("Terminal shell in container");
        // the raw event keeps what Falco sent
        JsonNode detail = json.readTree(mvc.perform(get("/api/v1/alerts/" + shell.get("id").asLong())
                        .with(httpBasic(TestWorld.LEAD, TestWorld.PASSWORD)))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString());
        assertThat(detail.get("alert").get("priority").asString()).isEqualTo("Informational");
        assertThat(detail.get("events").get("items").get(0).get("priority").asString()).isEqualTo("Critical");
        // the chart counts it as Informational on its day, and that bar opens exactly it
        JsonNode chart = json.readTree(mvc.perform(get("/alerts/chart.json").param("cluster", cluster)
                        .param("from", "2023-05-25T00:00:00Z").param("to", "2023-05-25T23:59:59Z")
                        .with(user(TestWorld.LEAD).roles("SECURITY_LEAD")))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString());
        assertThat(chart.get("data").get("labels").get(0).asString()).isEqualTo("2023-05-25");
        assertThat(chart.get("data").get("datasets").get(0).get("label").asString()).isEqualTo("Informational");
        assertThat(chart.get("data").get("datasets").get(0).get("data").get(0).asLong()).isEqualTo(1);
        String link = chart.get("links").get(0).get(0).asString();
        // a filter no alert passes charts empty days, never a 500
        JsonNode none = json.readTree(mvc.perform(get("/alerts/chart.json").param("cluster", cluster).param("rule", "Nothing")
                        .with(user(TestWorld.LEAD).roles("SECURITY_LEAD")))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString());
        assertThat(none.get("data").get("datasets").size()).isZero();
        assertThat(none.get("data").get("labels").size()).isEqualTo(AlertService.CHART_DAYS);
        assertThat(link).startsWith("/alerts?").contains("onlyPriority=Informational").contains("cluster=" + cluster);
        JsonNode linked = json.readTree(mvc.perform(get("/api/v1" + link).with(httpBasic(TestWorld.LEAD, TestWorld.PASSWORD)))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString());
        assertThat(linked.get("totalItems").asInt()).isEqualTo(1);
        assertThat(linked.get("items").get(0).get("id").asLong()).isEqualTo(shell.get("id").asLong());
    }

    private JsonNode list(String cluster, String query) throws Exception {
        return json.readTree(mvc.perform(get("/api/v1/alerts?cluster=" + cluster + query).with(httpBasic(TestWorld.LEAD, TestWorld.PASSWORD)))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString());
    }
}
