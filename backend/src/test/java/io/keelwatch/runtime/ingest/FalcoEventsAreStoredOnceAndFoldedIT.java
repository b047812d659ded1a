package io.keelwatch.runtime.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.keelwatch.access.ApiTokenService;
import io.keelwatch.access.NewApiToken;
import io.keelwatch.inventory.InventoryService;
import io.keelwatch.testsupport.Fixtures;
import io.keelwatch.testsupport.KeelwatchIntegrationTest;
import io.keelwatch.testsupport.TestWorld;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/**
 * Falco events posted as Falcosidekick's webhook output and Falco's JSON lines are stored once each
 * (by content, not uuid), folded per rule and workload and window, and a bad event stores nothing.
 */
@KeelwatchIntegrationTest
class FalcoEventsAreStoredOnceAndFoldedIT {

    static final MediaType NDJSON = MediaType.parseMediaType("application/x-ndjson");
    /** Every sample line, with the number of events in it. */
    static final List<String> LINE_FILES = List.of(
            "falco/falco-website__blog__detect-threats-falco-ovh-mks-audit-logs-plugin.jsonl",
            "falco/falco-website__blog__falco-plugin-k8saudit-eks.jsonl",
            "falco/falco-website__blog__falcosidekick-response-engine-part-2-openfass.jsonl",
            "falco/falco-website__blog__falcosidekick-response-engine-part-9-fission.jsonl",
            "falco/falco-website__docs__concepts__outputs__channels.jsonl",
            "falco/falco__test__output_files__single_rule_with_cat_write.json",
            "falco/plugins__gcpaudit__README__gcp_auditlog.jsonl");
    static final List<String> SINGLE_EVENTS = List.of(
            "falco/falco-website__docs__concepts__metrics__metrics-snapshot.json",
            "falco/falcosidekick__README-curl-payload.json",
            "falco/falcosidekick__outputs-alertmanager_test-syscall-event-drop.json",
            "falco/falcosidekick__outputs-client_test-falcoTestInput.json",
            "falco/plugins__collector__README__syscall-read-sensitive-file.json");

    @Autowired
    MockMvc mvc;
    @Autowired
    TestWorld world;
    @Autowired
    InventoryService inventory;
    @Autowired
    ApiTokenService tokens;
    @Autowired
    JdbcClient jdbc;

    @Test
    void theRealSamplesImportIntoTheirAlertsWithTheirCounts() throws Exception {
        String cluster = cluster();
        for (String file : LINE_FILES) {
            send(cluster, NDJSON, Fixtures.bytes(file)).andExpect(status().isOk());
        }
        for (String file : SINGLE_EVENTS) {
            send(cluster, MediaType.APPLICATION_JSON, Fixtures.bytes(file)).andExpect(status().isOk())
                    .andExpect(jsonPath("$.stored").value(1));
        }
        assertThat(events(cluster)).isEqualTo(28);
        assertThat(alerts(cluster)).isEqualTo(19);
        assertThat(count(cluster, "open_from_cat")).isEqualTo(8);
        assertThat(count(cluster, "Disallowed K8s User")).isEqualTo(3);
        // the same files again: every event is a duplicate, nothing changes
        send(cluster, NDJSON, Fixtures.bytes(LINE_FILES.get(5))).andExpect(status().isOk())
                .andExpect(jsonPath("$.received").value(8)).andExpect(jsonPath("$.stored").value(0))
                .andExpect(jsonPath("$.duplicates").value(8));
        assertThat(events(cluster)).isEqualTo(28);
        assertThat(count(cluster, "open_from_cat")).isEqualTo(8);
        // workload identity from output_fields; no namespace rule: the cluster's owners keep it (no team)
        var shell = jdbc.sql("""
                select a.namespace, a.pod, a.container_id, a.image_repository, a.team_id, a.priority_rank
                from runtime_alert a join cluster c on c.id = a.cluster_id
                where c.name = :cluster and a.pod = 'kubecon'""").param("cluster", cluster).query().singleRow();
        assertThat(shell).containsEntry("namespace", "default").containsEntry("container_id", "ee97d9c4186f")
                .containsEntry("image_repository", "docker.io/library/alpine").containsEntry("team_id", null)
                .containsEntry("priority_rank", 2);
        // a cluster holding alerts is kept: deleting it is a 409 problem, nothing is lost
        mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete("/api/v1/clusters/" + cluster)
                        .with(httpBasic(TestWorld.ADMIN, TestWorld.PASSWORD)))
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.type").value("urn:keelwatch:problem:cluster-in-use"));
        assertThat(events(cluster)).isEqualTo(28);
    }

    @Test
    void aPostExactlyAsFalcosidekickSendsItIsStoredAndAResentEventWithANewUuidIsADuplicate() throws Exception {
        String cluster = cluster();
        String token = tokens.create(new NewApiToken("sidekick", TestWorld.LEAD, null, List.of("alerts:write"), null, cluster),
                world.admin()).secret();
        // what outputs/webhook.go posts: the FalcoPayload as JSON, its uuid set by Sidekick, the custom header
        String payload = """
                {"uuid":"%s","output":"16:31:56.746609046: Error File below a known binary directory opened for writing (user=root command=touch /bin/hack file=/bin/hack)","priority":"Error","rule":"Write below binary dir","time":"2019-05-17T15:31:56.746609046Z","output_fields":{"evt.time":1507591916746609046,"fd.name":"/bin/hack","proc.cmdline":"touch /bin/hack","user.name":"root"},"source":"syscall","tags":["filesystem","mitre_persistence"],"hostname":"localhost"}""";
        for (int i = 0; i < 2; i++) {
            mvc.perform(post("/api/v1/alerts/falco").header("Authorization", "Bearer " + token)
                            .header("User-Agent", "Falcosidekick").contentType("application/json; charset=utf-8")
                            .content(payload.formatted(UUID.randomUUID())))
                    .andExpect(status().isOk())
                    .andExpect(jsonPath("$.cluster").value(cluster))
                    .andExpect(jsonPath("$.stored").value(i == 0 ? 1 : 0))
                    .andExpect(jsonPath("$.duplicates").value(i == 0 ? 0 : 1));
        }
        assertThat(events(cluster)).isEqualTo(1);
        assertThat(count(cluster, "Write below binary dir")).isEqualTo(1);
        // a bound token posts for its own cluster only
        mvc.perform(post("/api/v1/alerts/falco").param("cluster", cluster()).header("Authorization", "Bearer " + token)
                .contentType(MediaType.APPLICATION_JSON).content(payload.formatted(UUID.randomUUID())))
                .andExpect(status().isForbidden());
    }

    @Test
    void repeatsOfARuleOnOneWorkloadFoldIntoOneAlertPerWindow() throws Exception {
        String cluster = cluster();
        String lines = String.join("\n",
                shell("2024-03-01T10:05:00.000000001Z", "web-1", "Notice"),
                shell("2024-03-01T10:20:00.5Z", "web-1", "critical"),
                shell("2024-03-01T10:59:59Z", "web-1", "info"),
                shell("2024-03-01T11:00:01Z", "web-1", "Notice"), // the next window
                shell("2024-03-01T10:30:00Z", "web-2", "Notice")); // another pod
        send(cluster, NDJSON, lines.getBytes()).andExpect(status().isOk()).andExpect(jsonPath("$.stored").value(5));
        var folded = jdbc.sql("""
                select a.event_count, a.first_seen, a.last_seen, a.priority_rank from runtime_alert a join cluster c on c.id = a.cluster_id
                where c.name = :cluster and a.pod = 'web-1' order by a.first_seen""").param("cluster", cluster).query().listOfRows();
        assertThat(folded).hasSize(2);
        assertThat(folded.get(0)).containsEntry("event_count", 3L).containsEntry("priority_rank", 2);
        assertThat(folded.get(0).get("first_seen").toString()).contains("10:05:00");
        assertThat(folded.get(0).get("last_seen").toString()).contains("10:59:59");
        assertThat(folded.get(1)).containsEntry("event_count", 1L);
        assertThat(alerts(cluster)).isEqualTo(3);
        // a later post folds into the open window's alert
        send(cluster, NDJSON, shell("2024-03-01T10:45:00Z", "web-1", "Warning").getBytes()).andExpect(status().isOk());
        assertThat(alerts(cluster)).isEqualTo(3);
        assertThat(jdbc.sql("select max(event_count) from runtime_alert a join cluster c on c.id = a.cluster_id where c.name = :c")
                .param("c", cluster).query(Long.class).single()).isEqualTo(4L);
    }

    @Test
    void badInputIsAProblemAndWritesNothing() throws Exception {
        String cluster = cluster();
        String good = shell("2024-03-01T10:05:00Z", "web-1", "Notice");
        List<String> bad = List.of(
                "{\"priority\":\"Notice\",\"time\":\"2024-03-01T10:05:00Z\",\"output_fields\":{}}", // no rule
                "{\"rule\":\"r\",\"time\":\"2024-03-01T10:05:00Z\",\"output_fields\":{}}", // no priority
                "{\"rule\":\"r\",\"priority\":\"Notice\",\"output_fields\":{}}", // no time
                "{\"rule\":\"r\",\"priority\":\"Notice\",\"time\":\"2024-03-01T10:05:00Z\"}", // no output fields
                "{\"rule\":\"r\",\"priority\":\"Notice\",\"time\":\"yesterday\",\"output_fields\":{}}",
                "{\"rule\":\"r\",\"priority\":\"Loud\",\"time\":\"2024-03-01T10:05:00Z\",\"output_fields\":{}}",
                "{\"rule\":\"r\\u0000\",\"priority\":\"Notice\",\"time\":\"2024-03-01T10:05:00Z\",\"output_fields\":{}}",
                "{\"rule\":\"r\",\"priority\":\"Notice\",\"time\":\"2024-03-01T10:05:00Z\",\"output_fields\":{\"a\":\"x\\u0000\"}}",
                "{\"rule\":\"" + "r".repeat(600) + "\",\"priority\":\"Notice\",\"time\":\"2024-03-01T10:05:00Z\",\"output_fields\":{}}",
                "not json",
                "[1,2]");
        for (String line : bad) {
            send(cluster, NDJSON, (good + "\n" + line + "\n").getBytes())
                    .andExpect(status().isBadRequest())
                    .andExpect(jsonPath("$.type").value("urn:keelwatch:problem:invalid-falco-event"));
            send(cluster, MediaType.APPLICATION_JSON, line.getBytes()).andExpect(status().isBadRequest());
        }
        send(cluster, MediaType.APPLICATION_JSON, "{\"output\":\"%s\"}".formatted("x".repeat(2 << 20)).getBytes())
                .andExpect(status().isPayloadTooLarge());
        send(cluster, MediaType.TEXT_PLAIN, good.getBytes()).andExpect(status().isUnsupportedMediaType());
        send(cluster, MediaType.APPLICATION_JSON, new byte[0]).andExpect(status().isBadRequest());
        mvc.perform(post("/api/v1/alerts/falco").with(httpBasic(TestWorld.ADMIN, TestWorld.PASSWORD))
                .contentType(MediaType.APPLICATION_JSON).content(good)).andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.type").value("urn:keelwatch:problem:cluster-required"));
        assertThat(events(cluster)).isZero();
        assertThat(alerts(cluster)).isZero();

        // a big event (over 4 KiB) has its long string fields cut as Falcosidekick cuts them
        String big = "{\"rule\":\"r\",\"priority\":\"Notice\",\"time\":\"2024-03-01T10:05:00Z\",\"output\":\"%s\",\"output_fields\":{\"proc.cmdline\":\"%s\"}}"
                .formatted("o".repeat(20_000), "c".repeat(10_000));
        send(cluster, MediaType.APPLICATION_JSON, big.getBytes()).andExpect(status().isOk());
        var stored = jdbc.sql("""
                select length(e.output) as output, length(e.output_fields ->> 'proc.cmdline') as cmdline
                from runtime_event e join cluster c on c.id = e.cluster_id where c.name = :c""").param("c", cluster).query().singleRow();
        assertThat(stored).containsEntry("output", 8192).containsEntry("cmdline", 512);
    }

    static String shell(String time, String pod, String priority) {
        return ("{\"output\":\"A shell was spawned\",\"priority\":\"%s\",\"rule\":\"Terminal shell in container\",\"time\":\"%s\","
                + "\"source\":\"syscall\",\"hostname\":\"node-1\",\"output_fields\":{\"k8s.ns.name\":\"shop\",\"k8s.pod.name\":\"%s\","
                + "\"container.id\":\"0123456789ab\",\"container.image.repository\":\"registry.example/shop/web\","
                + "\"container.image.tag\":\"1.0\",\"proc.cmdline\":\"sh\"}}").formatted(priority, time, pod);
    }

    private ResultActions send(String cluster, MediaType type, byte[] body) throws Exception {
        MockHttpServletRequestBuilder request = org.springframework.test.web.servlet.request.MockMvcRequestBuilders
                .post("/api/v1/alerts/falco").param("cluster", cluster).contentType(type).content(body)
                .with(httpBasic(TestWorld.ADMIN, TestWorld.PASSWORD));
        return mvc.perform(request);
    }

    private String cluster() {
        String suffix = Integer.toHexString(ThreadLocalRandom.current().nextInt(1 << 24, Integer.MAX_VALUE));
        String environment = inventory.createEnvironment("falco-" + suffix, world.admin()).name();
        return inventory.createCluster("falco-" + suffix, environment, null, world.admin()).name();
    }

    private long events(String cluster) {
        return jdbc.sql("select count(*) from runtime_event e join cluster c on c.id = e.cluster_id where c.name = :c")
                .param("c", cluster).query(Long.class).single();
    }

    private long alerts(String cluster) {
        return jdbc.sql("select count(*) from runtime_alert a join cluster c on c.id = a.cluster_id where c.name = :c")
                .param("c", cluster).query(Long.class).single();
    }

    private long count(String cluster, String rule) {
        return jdbc.sql("""
                select coalesce(sum(a.event_count), 0) from runtime_alert a join cluster c on c.id = a.cluster_id
                where c.name = :c and a.rule = :rule""").param("c", cluster).param("rule", rule).query(Long.class).single();
    }
}
