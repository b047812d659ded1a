package io.keelwatch.runtime.incidents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.keelwatch.inventory.InventoryService;
import io.keelwatch.runtime.FalcoEventIngest;
import io.keelwatch.testsupport.KeelwatchIntegrationTest;
import io.keelwatch.testsupport.TestWorld;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The grouping rule (defaults: one workload, one hour, Critical or worse): a workload's critical alerts whose first
 * events lie within an hour of the earliest become one incident, credited to the system and audited; a later one
 * within that hour joins it; one more than an hour after the earliest opens the workload's next incident. Other pods,
 * alerts below the priority and alerts without a workload stay apart; a namespace no rule maps gives an incident of no
 * team. A second run changes nothing.
 */
@KeelwatchIntegrationTest
class AlertsOfOneWorkloadWithinAnHourBecomeOneIncidentIT {

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
    IncidentGroupingJob job;

    private final JsonMapper json = JsonMapper.builder().build();

    @Test
    void aWorkloadsCriticalAlertsWithinAnHourAreOneIncidentAndLaterOnesTheNext() throws Exception {
        ShellEvents events = new ShellEvents(inventory, ingest, world, jdbc);
        String cluster = events.cluster("group");
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        long first = events.alert(cluster, "shop-web", "web-1", "shell one", "Critical", now.minus(Duration.ofMinutes(180)));
        long notice = events.alert(cluster, "shop-web", "web-1", "shell quiet", "Notice", now.minus(Duration.ofMinutes(170)));
        long second = events.alert(cluster, "shop-web", "web-1", "shell two", "Emergency", now.minus(Duration.ofMinutes(150)));
        long nextHour = events.alert(cluster, "shop-web", "web-1", "shell three", "Critical", now.minus(Duration.ofMinutes(60)));
        long otherPod = events.alert(cluster, "shop-web", "web-2", "shell one", "Critical", now.minus(Duration.ofMinutes(120)));
        long unmapped = events.alert(cluster, "kube-system", "etcd-0", "shell one", "Alert", now.minus(Duration.ofMinutes(90)));

        job.run(now);

        JsonNode incidents = list(TestWorld.LEAD, cluster);
        assertThat(incidents.get("totalItems").asLong()).isEqualTo(4);
        JsonNode firstHour = incidentOf(first);
        assertThat(alertIds(firstHour)).containsExactly(first, second);
        JsonNode summary = firstHour.get("incident");
        assertThat(summary.get("severity").asString()).isEqualTo("critical");
        assertThat(summary.get("status").asString()).isEqualTo("open");
        assertThat(summary.get("autoRule").asString()).isEqualTo(IncidentGrouping.RULE);
        assertThat(summary.get("createdBy").asString()).isEqualTo("system");
        assertThat(summary.get("team").asString()).isEqualTo(world.alpha().slug());
        assertThat(summary.get("title").asString()).isEqualTo("2 alerts on shop-web/web-1");
        assertThat(firstHour.get("timeline").get(0).get("kind").asString()).isEqualTo("created");
        long nextIncident = incidentOf(nextHour).get("incident").get("id").asLong();
        assertThat(nextIncident).isNotEqualTo(summary.get("id").asLong());
        assertThat(alertIds(incidentOf(nextHour))).containsExactly(nextHour);
        assertThat(alertIds(incidentOf(otherPod))).containsExactly(otherPod);
        assertThat(incidentOf(unmapped).get("incident").has("team")).as("no team: the cluster owners'").isFalse();
        assertThat(incidentOfAlert(notice)).as("below Critical").isNull();
        assertThat(list(TestWorld.ALICE, cluster).get("totalItems").asLong()).as("alice: not the unmapped namespace's").isEqualTo(3);

        // a later alert within the second hour joins its incident, on its timeline and in the audit log
        long joining = events.alert(cluster, "shop-web", "web-1", "shell four", "Critical", now.minus(Duration.ofMinutes(20)));
        job.run(now);
        JsonNode joined = incidentOf(joining);
        assertThat(joined.get("incident").get("id").asLong()).isEqualTo(nextIncident);
        assertThat(alertIds(joined)).containsExactly(nextHour, joining);
        JsonNode added = joined.get("timeline").get(1);
        assertThat(added.get("kind").asString()).isEqualTo("alerts_added");
        assertThat(added.get("actor").asString()).isEqualTo("system");
        assertThat(added.get("text").asString()).isEqualTo(String.valueOf(joining));
        assertThat(jdbc.sql("select action from audit_event where target_type = 'incident' and target_id = :id "
                        + "and actor = 'system' and actor_type = 'system' order by id")
                .param("id", String.valueOf(nextIncident)).query(String.class).list())
                .containsExactly("incident.created", "incident.alerts_changed");

        // nothing left to group: a second run changes nothing
        job.run(now);
        assertThat(list(TestWorld.LEAD, cluster).get("totalItems").asLong()).isEqualTo(4);
        assertThat(alertIds(incidentOf(joining))).containsExactly(nextHour, joining);
    }

    private JsonNode list(String user, String cluster) throws Exception {
        return read(mvc.perform(get("/api/v1/incidents").param("cluster", cluster).with(httpBasic(user, TestWorld.PASSWORD)))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString());
    }

    /** The incident an alert is in, as the lead reads it. */
    private JsonNode incidentOf(long alert) throws Exception {
        Long incident = incidentOfAlert(alert);
        assertThat(incident).as("alert " + alert + " is in an incident").isNotNull();
        return read(mvc.perform(get("/api/v1/incidents/" + incident).with(httpBasic(TestWorld.LEAD, TestWorld.PASSWORD)))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString());
    }

    /** The incident the alert's own API names, or null. */
    private Long incidentOfAlert(long alert) throws Exception {
        JsonNode detail = read(mvc.perform(get("/api/v1/alerts/" + alert).with(httpBasic(TestWorld.LEAD, TestWorld.PASSWORD)))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString());
        JsonNode incident = detail.get("alert").get("incidentId");
        return incident == null ? null : incident.asLong();
    }

    private static List<Long> alertIds(JsonNode detail) {
        List<Long> ids = new ArrayList<>();
        detail.get("alerts").forEach(a -> ids.add(a.get("id").asLong()));
        return ids;
    }

    private JsonNode read(String body) {
        return json.readTree(body);
    }
}
