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
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The alerts chart counts an alert on every day from its first to its last event, at its priority now — also when later
 * events stretch it over more days, arrive out of order or raise its priority — and every bar opens a list of exactly
 * as many alerts. A mute in force takes its alerts out of the default chart and into the muted one; a developer's
 * chart counts only their team's namespaces. Folding windows of three days (aligned to the epoch: 2023-05-23 starts
 * one) let one alert span days; the events are the Falco docs' shell and the Falcosidekick README's binary-dir write,
 * re-timed.
 */
@KeelwatchIntegrationTest
@TestPropertySource(properties = "keelwatch.runtime.fold-window=72h")
class TheAlertsChartCountsEachDayAsItsBarListsIT {

    private static final String SHELL = "falco/falco-website__docs__concepts__outputs__channels.jsonl";
    private static final String WRITE = "falco/falcosidekick__README-curl-payload.json";

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
    void eachBarCountsTheAlertsSeenThatDayAndOpensExactlyThem() throws Exception {
        String cluster = world.newCluster("chart");
        String alpha = world.alphaProject().slug();
        inventory.addNamespaceRule(cluster, "default", alpha, world.admin());

        // one shell alert: first on the 24th (Warning), then the 25th (Critical), then — late — the 23rd (Notice)
        falco(cluster, SHELL, "2023-05-24T10:00:00Z", "Warning");
        assertThat(chart(TestWorld.LEAD, cluster, "")).isEqualTo(Map.of("Warning", "0,0,1,0,0"));
        falco(cluster, SHELL, "2023-05-25T09:00:00Z", "Critical");
        assertThat(chart(TestWorld.LEAD, cluster, "")).isEqualTo(Map.of("Critical", "0,0,1,1,0"));
        falco(cluster, SHELL, "2023-05-23T08:00:00Z", "Notice");
        // and a write below a binary directory on the 25th, in no namespace (the cluster's owners' alone)
        falco(cluster, WRITE, "2023-05-25T12:00:00Z", "Error");
        assertThat(chart(TestWorld.LEAD, cluster, "")).isEqualTo(Map.of("Critical", "0,1,1,1,0", "Error", "0,0,0,1,0"));
        assertThat(chart(TestWorld.LEAD, cluster, "&rule=Write below binary dir")).isEqualTo(Map.of("Error", "0,0,0,1,0"));
        assertThat(chart(TestWorld.LEAD, cluster, "&priority=critical")).isEqualTo(Map.of("Critical", "0,1,1,1,0"));
        // a range starting mid-day still counts whole days, as the bars' lists show them
        assertThat(chart(TestWorld.LEAD, cluster, "&from=2023-05-25T11:00:00Z&to=2023-05-26T00:00:00Z"))
                .isEqualTo(Map.of("Critical", "1,0", "Error", "1,0"));
        everyBarListsWhatItCounts(cluster);
        // the list's total without a time range comes from the same day counts, exact
        assertThat(total(TestWorld.LEAD, cluster, "")).isEqualTo(2);
        assertThat(total(TestWorld.ALICE, cluster, "")).isEqualTo(1);
        assertThat(total(TestWorld.BOB, cluster, "")).isZero();

        // alice sees alpha's namespace; bob, of another team, nothing
        assertThat(chart(TestWorld.ALICE, cluster, "")).isEqualTo(Map.of("Critical", "0,1,1,1,0"));
        assertThat(chart(TestWorld.BOB, cluster, "")).isEmpty();

        // a mute in force: the shell leaves the default chart and is the muted one's
        JsonNode mute = json.readTree(mvc.perform(post("/api/v1/exceptions/mutes").contentType(MediaType.APPLICATION_JSON)
                        .content("""
                                {"cluster":"%s","project":"%s","rule":"Terminal shell in container","kind":"false_positive",
                                 "justification":"kubectl exec by the on-call runbook","expiresAt":"%s"}"""
                                .formatted(cluster, alpha, OffsetDateTime.now(ZoneOffset.UTC).plusDays(5)))
                        .with(httpBasic(TestWorld.ALICE, TestWorld.PASSWORD)))
                .andExpect(status().isCreated()).andReturn().getResponse().getContentAsString());
        mvc.perform(post("/api/v1/exceptions/" + mute.get("id").asLong() + "/approve").with(httpBasic(TestWorld.LEAD, TestWorld.PASSWORD)))
                .andExpect(status().isOk());
        assertThat(chart(TestWorld.LEAD, cluster, "")).isEqualTo(Map.of("Error", "0,0,0,1,0"));
        assertThat(chart(TestWorld.LEAD, cluster, "&muted=yes")).isEqualTo(Map.of("Critical", "0,1,1,1,0"));
        assertThat(chart(TestWorld.LEAD, cluster, "&muted=any")).isEqualTo(Map.of("Critical", "0,1,1,1,0", "Error", "0,0,0,1,0"));
        assertThat(chart(TestWorld.ALICE, cluster, "")).isEmpty();
        everyBarListsWhatItCounts(cluster);
        assertThat(total(TestWorld.LEAD, cluster, "")).isEqualTo(1);
        assertThat(total(TestWorld.LEAD, cluster, "&muted=any")).isEqualTo(2);
        assertThat(total(TestWorld.LEAD, cluster, "&muted=yes")).isEqualTo(1);
    }

    private long total(String user, String cluster, String filter) throws Exception {
        return json.readTree(mvc.perform(get("/api/v1/alerts?cluster=" + cluster + filter).with(httpBasic(user, TestWorld.PASSWORD)))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString()).get("totalItems").asLong();
    }

    /** A fixture's event at another time and priority, through the ingest users call. */
    private void falco(String cluster, String fixture, String time, String priority) {
        ObjectNode event = (ObjectNode) json.readTree(new String(Fixtures.bytes(fixture), StandardCharsets.UTF_8).lines()
                .filter(l -> !l.isBlank()).findFirst().orElseThrow());
        event.put("time", time);
        event.put("priority", priority);
        ingest.ingest(cluster, json.writeValueAsBytes(event), false, world.admin());
    }

    /** Each priority's counts per day from the 22nd to the 26th (or the given range), comma-separated. */
    private Map<String, String> chart(String user, String cluster, String filter) throws Exception {
        JsonNode chart = chartJson(user, cluster, filter.contains("from=") ? filter
                : filter + "&from=2023-05-22T00:00:00Z&to=2023-05-26T23:59:59Z");
        Map<String, String> counts = new LinkedHashMap<>();
        chart.get("data").get("datasets").forEach(d -> {
            StringBuilder days = new StringBuilder();
            d.get("data").forEach(n -> days.append(days.isEmpty() ? "" : ",").append(n.asLong()));
            counts.put(d.get("label").asString(), days.toString());
        });
        return counts;
    }

    private JsonNode chartJson(String user, String cluster, String filter) throws Exception {
        return json.readTree(mvc.perform(get("/alerts/chart.json?cluster=" + cluster + filter).with(user(user).roles(TestWorld.LEAD.equals(user) ? "SECURITY_LEAD" : "DEVELOPER")))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString());
    }

    /** For the lead, with and without muted alerts: each bar's link lists as many alerts as the bar counts. */
    private void everyBarListsWhatItCounts(String cluster) throws Exception {
        for (String muted : new String[] {"", "&muted=yes", "&muted=any"}) {
            JsonNode chart = chartJson(TestWorld.LEAD, cluster, muted + "&from=2023-05-22T00:00:00Z&to=2023-05-26T23:59:59Z");
            for (int d = 0; d < chart.get("data").get("datasets").size(); d++) {
                JsonNode counts = chart.get("data").get("datasets").get(d).get("data");
                for (int day = 0; day < counts.size(); day++) {
                    String link = chart.get("links").get(d).get(day).asString();
                    JsonNode listed = json.readTree(mvc.perform(get("/api/v1" + link).with(httpBasic(TestWorld.LEAD, TestWorld.PASSWORD)))
                            .andExpect(status().isOk()).andReturn().getResponse().getContentAsString());
                    assertThat(listed.get("totalItems").asLong()).as(link).isEqualTo(counts.get(day).asLong());
                }
            }
        }
    }
}
