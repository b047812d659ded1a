package io.keelwatch.runtime.incidents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.keelwatch.audit.AuditLog;
import io.keelwatch.audit.AuditTrailEntry;
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
import org.springframework.test.web.servlet.ResultMatcher;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every change of an incident is on its timeline and in the audit log, in order: opening it from alerts, moving it
 * (with a note), a note, its owner, alerts added and removed; the first acknowledgement and containment are stamped for
 * the SLA. Refused changes (a status it may not move to, bad input) are problems, change nothing and leave no entry.
 */
@KeelwatchIntegrationTest
class IncidentTimelineRecordsEveryChangeIT {

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
    @Autowired
    AuditLog audit;

    private final JsonMapper json = JsonMapper.builder().build();

    @Test
    void eachChangeIsOnTheTimelineAndAuditedAndRefusedOnesAreNot() throws Exception {
        ShellEvents events = new ShellEvents(inventory, ingest, world, jdbc);
        String cluster = events.cluster("timeline");
        long a = events.alert(cluster, "shop-web", "web-1", "shell one", "Warning", Instant.parse("2024-07-01T10:00:00Z"));
        long b = events.alert(cluster, "shop-web", "web-1", "shell two", "Error", Instant.parse("2024-07-01T10:05:00Z"));
        long c = events.alert(cluster, "shop-web", "web-2", "shell one", "Critical", Instant.parse("2024-07-01T10:10:00Z"));
        long beta = events.alert(cluster, "pay-api", "api-1", "shell one", "Critical", Instant.parse("2024-07-01T10:10:00Z"));

        JsonNode created = call(post("/api/v1/incidents"), TestWorld.ALICE, "{\"alerts\":[" + a + "," + b + "]}", status().isCreated());
        long id = created.get("incident").get("id").asLong();
        assertThat(created.get("incident").get("severity").asString()).as("from the worst alert, Error").isEqualTo("high");
        assertThat(created.get("incident").get("title").asString()).isEqualTo("shell one in shop-web/web-1 and 1 more");
        String path = "/api/v1/incidents/" + id;

        call(post(path + "/status"), TestWorld.ALICE, "{\"status\":\"investigating\",\"note\":\"looking at the pod\"}", status().isOk());
        call(post(path + "/notes"), TestWorld.LEAD, "{\"text\":\"  kubectl exec by on-call  \"}", status().isOk());
        call(post(path + "/owner"), TestWorld.LEAD, "{\"owner\":\"ALICE\"}", status().isOk());
        call(post(path + "/alerts"), TestWorld.ALICE, "{\"add\":[" + c + "]}", status().isOk());
        JsonNode last = call(post(path + "/alerts"), TestWorld.ALICE, "{\"remove\":[" + a + "]}", status().isOk());
        call(post(path + "/status"), TestWorld.LEAD, "{\"status\":\"contained\"}", status().isOk());

        // refused: nothing changes, nothing is written
        problem(post(path + "/status"), "{\"status\":\"open\"}", status().isConflict(), "conflict");
        problem(post(path + "/status"), "{\"status\":\"closed\"}", status().isBadRequest(), "invalid-request");
        problem(post(path + "/status"), "{}", status().isBadRequest(), "invalid-request");
        problem(post(path + "/notes"), "{\"text\":\"" + "x".repeat(4001) + "\"}", status().isBadRequest(), "invalid-request");
        problem(post(path + "/notes"), "{\"text\":\"   \"}", status().isBadRequest(), "invalid-request");
        problem(post(path + "/owner"), "{\"owner\":\"nobody-has-this-name\"}", status().isBadRequest(), "invalid-request");
        problem(post(path + "/owner"), "{\"owner\":\"" + TestWorld.BOB + "\"}", status().isBadRequest(), "invalid-request");
        problem(post(path + "/alerts"), "{\"add\":[" + beta + "]}", status().isBadRequest(), "invalid-request");
        problem(post(path + "/alerts"), "{\"remove\":[" + b + "," + c + "]}", status().isBadRequest(), "invalid-request");
        problem(post(path + "/alerts"), "{}", status().isBadRequest(), "invalid-request");
        problem(post("/api/v1/incidents"), "{\"alerts\":[" + c + "]}", status().isConflict(), "conflict");
        problem(post("/api/v1/incidents"), "{\"alerts\":[]}", status().isBadRequest(), "invalid-request");
        problem(post("/api/v1/incidents"), "{\"alerts\":[" + a + "," + beta + "]}", status().isBadRequest(), "invalid-request");
        problem(post("/api/v1/incidents"), "{\"alerts\":[" + a + "],\"title\":\"" + "t".repeat(201) + "\"}", status().isBadRequest(),
                "invalid-request");
        problem(post("/api/v1/incidents"), "{\"alerts\":[" + a + "],\"severity\":\"apocalyptic\"}", status().isBadRequest(),
                "invalid-request");
        problem(post("/api/v1/incidents"), "{\"alerts\":[999999999]}", status().isNotFound(), "not-found");
        problem(get("/api/v1/incidents?status=sleeping"), null, status().isBadRequest(), "invalid-request");

        JsonNode detail = call(get(path), TestWorld.ALICE, null, status().isOk());
        JsonNode incident = detail.get("incident");
        assertThat(incident.get("status").asString()).isEqualTo("contained");
        assertThat(incident.get("owner").asString()).isEqualTo(TestWorld.ALICE);
        assertThat(incident.get("alertCount").asLong()).isEqualTo(2);
        assertThat(incident.get("acknowledgedAt").isNull()).isFalse();
        assertThat(Instant.parse(incident.get("containedAt").asString())).isAfterOrEqualTo(Instant.parse(incident.get("acknowledgedAt").asString()));
        assertThat(incident.get("acknowledgeBy").asString()).isNotEmpty();
        assertThat(ids(detail.get("alerts"))).containsExactly(b, c);
        assertThat(last.get("alerts").size()).isEqualTo(2);

        List<String> timeline = new ArrayList<>();
        detail.get("timeline").forEach(e -> timeline.add(e.get("kind").asString() + " " + e.get("actor").asString() + " "
                + e.path("from").asString("") + ">" + e.path("to").asString("") + " " + e.path("text").asString("")));
        assertThat(timeline).containsExactly(
                "created alice >open with 2 alerts",
                "status alice open>investigating looking at the pod",
                "note lead > kubectl exec by on-call",
                "owner lead >alice ",
                "alerts_added alice > " + c,
                "alerts_removed alice > " + a,
                "status lead investigating>contained ");
        assertThat(audit.trail("incident", String.valueOf(id), 100).stream().map(AuditTrailEntry::action).toList()).containsExactly(
                "incident.created", "incident.status_changed", "incident.noted", "incident.owner_changed",
                "incident.alerts_changed", "incident.alerts_changed", "incident.status_changed");
        assertThat(jdbc.sql("select count(*) from incident_event where incident_id = :id").param("id", id).query(Long.class).single())
                .isEqualTo(7);

        // the timeline is append-only like the audit log
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> jdbc.sql("update incident_event set body = 'forged' where incident_id = :id")
                .param("id", id).update()).hasMessageContaining("append-only");
    }

    private JsonNode call(org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder request, String user, String body,
            ResultMatcher expected) throws Exception {
        request.with(httpBasic(user, TestWorld.PASSWORD));
        if (body != null) {
            request.contentType(MediaType.APPLICATION_JSON).content(body);
        }
        String answer = mvc.perform(request).andExpect(expected).andReturn().getResponse().getContentAsString();
        return answer.isEmpty() ? null : json.readTree(answer);
    }

    private void problem(org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder request, String body,
            ResultMatcher expected, String type) throws Exception {
        JsonNode problem = call(request, TestWorld.LEAD, body, expected);
        assertThat(problem.get("type").asString()).isEqualTo("urn:keelwatch:problem:" + type);
        assertThat(problem.get("detail").asString()).isNotBlank();
    }

    private static List<Long> ids(JsonNode alerts) {
        List<Long> ids = new ArrayList<>();
        alerts.forEach(a -> ids.add(a.get("id").asLong()));
        return ids;
    }
}
