package io.keelwatch.inventory.workloads;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.keelwatch.inventory.InventoryService;
import io.keelwatch.inventory.WorkloadCalls;
import io.keelwatch.runtime.FalcoEventIngest;
import io.keelwatch.testsupport.Fixtures;
import io.keelwatch.testsupport.KeelwatchIntegrationTest;
import io.keelwatch.testsupport.TestWorld;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A Falco drift rule's alert on a pod marks the pod's workload as drifted from its image (runtime-drift),
 * linked to the alert, on the Running page and API. The pod is the workload's with the longest name it
 * starts with; other rules, and drift seen before the container started, mark nothing.
 *
 * <p>No shared Falco fixture carries a drift rule, so the events are the real Falco docs event
 * (falco/falco-website__docs__concepts__outputs__channels.jsonl) with its rule set to a drift rule's name
 * and its namespace, pod and time set to where and when the test's workload runs.
 */
@KeelwatchIntegrationTest
class DriftRulesMarkTheWorkloadDriftedIT {

    private static final String POD = "icx-db-7d4b578979-x2x1p";

    @Autowired
    MockMvc mvc;
    @Autowired
    TestWorld world;
    @Autowired
    InventoryService inventory;
    @Autowired
    FalcoEventIngest ingest;

    private final JsonMapper json = JsonMapper.builder().build();
    private WorkloadCalls workloads;
    private String cluster;
    private String namespace;

    @BeforeEach
    void aClusterRunningTheDeploymentIcxDbAndABarePodIcx() throws Exception {
        workloads = new WorkloadCalls(mvc);
        String suffix = Integer.toHexString(ThreadLocalRandom.current().nextInt(1 << 24, Integer.MAX_VALUE));
        String environment = inventory.createEnvironment("drift-" + suffix, world.admin()).name();
        cluster = inventory.createCluster("drift-" + suffix, environment, null, world.admin()).name();
        namespace = "shop-" + suffix;
        inventory.addNamespaceRule(cluster, "shop-*", world.alphaProject().slug(), world.admin());
        workloads.report(cluster, null, workloads.list("List", List.of(
                workloads.fixture("k9s_render_dp.json", namespace),
                workloads.pod(namespace, "icx", "nginx:alpine", "docker.io/library/nginx@sha256:" + "ab".repeat(32)))));
    }

    @Test
    void aDriftRulesAlertOnAPodMarksItsWorkloadDriftedWithALinkToTheAlert() throws Exception {
        assertThat(drifted()).isEmpty();
        // the same event under a rule that is no drift rule, and a drift rule's event from before the container started
        post(event("Terminal shell in container", POD, Instant.now().toString()));
        post(event("Drop and execute new binary in container", POD, "2023-05-25T13:44:05.478445995Z"));
        assertThat(drifted()).isEmpty();

        post(event("Drop and execute new binary in container", POD, Instant.now().toString()));
        JsonNode page = workloads.running(TestWorld.ALICE, Map.of("cluster", cluster, "drift", "runtime-drift"));
        assertThat(names(page)).containsExactly("icx-db");
        long alert = page.get("items").get(0).get("driftAlertId").asLong();
        JsonNode detail = json.readTree(mvc.perform(get("/api/v1/alerts/" + alert).with(httpBasic(TestWorld.ALICE, TestWorld.PASSWORD)))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString());
        assertThat(detail.get("alert").get("rule").asString()).isEqualTo("Drop and execute new binary in container");
        assertThat(detail.get("alert").get("pod").asString()).isEqualTo(POD);
        // the bare Pod "icx" is not the pod's workload, though the pod's name starts with "icx-" too
        JsonNode all = workloads.running(TestWorld.ALICE, Map.of("cluster", cluster));
        for (JsonNode item : all.get("items")) {
            boolean expected = item.get("name").asString().equals("icx-db");
            assertThat(item.get("drift").toString().contains("runtime-drift")).as(item.get("name").asString()).isEqualTo(expected);
        }

        String running = mvc.perform(get("/running").param("cluster", cluster).with(user(TestWorld.ALICE).roles("DEVELOPER")))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(running).contains("data-testid=\"runtime-drift-alert\"").contains("href=\"/alerts/" + alert + "\"");

        // the sandbox ruleset's drift rule and fileless execution count alike
        post(event("Fileless execution via memfd_create", "icx", Instant.now().toString()));
        assertThat(drifted()).containsExactlyInAnyOrder("icx", "icx-db");
    }

    private List<String> drifted() throws Exception {
        return names(workloads.running(TestWorld.LEAD, Map.of("cluster", cluster, "drift", "runtime-drift")));
    }

    private static List<String> names(JsonNode page) {
        List<String> names = new ArrayList<>();
        page.get("items").forEach(i -> names.add(i.get("name").asString()));
        return names;
    }

    /** The real Falco docs event, as the rule on this pod at this time. */
    private String event(String rule, String pod, String time) {
        ObjectNode event = (ObjectNode) json.readTree(Fixtures.text("falco/falco-website__docs__concepts__outputs__channels.jsonl").strip());
        event.put("rule", rule);
        event.put("time", time);
        ObjectNode fields = (ObjectNode) event.get("output_fields");
        fields.put("k8s.ns.name", namespace);
        fields.put("k8s.pod.name", pod);
        return json.writeValueAsString(event);
    }

    private void post(String event) {
        ingest.ingest(cluster, event.getBytes(StandardCharsets.UTF_8), true, world.admin());
    }
}
