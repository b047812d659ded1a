package io.keelwatch.recovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.keelwatch.inventory.InventoryService;
import io.keelwatch.testsupport.KeelwatchIntegrationTest;
import io.keelwatch.testsupport.TestWorld;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Readiness measures each namespace against the policy that applies (its own, else its project's, else its cluster's)
 * and says why it is breached: a schedule whose newest run PartiallyFailed leaving a 31h old usable backup, a restore
 * test slower than the RTO, a label-selector backup that covers only partially, an Unavailable storage location, a
 * failed health check attached to the restore; one meeting everything is "verified restorable". Teams see only their
 * namespaces.
 */
@KeelwatchIntegrationTest
class ReadinessSaysWhyARecoveryPolicyIsBreachedIT {

    @Autowired
    MockMvc mvc;
    @Autowired
    TestWorld world;
    @Autowired
    InventoryService inventory;
    @Autowired
    JdbcClient jdbc;

    @Test
    void eachNamespaceIsMeasuredAgainstItsPolicyWithTheReasonsOfABreach() throws Exception {
        RecoveryCalls calls = new RecoveryCalls(mvc);
        String environment = inventory.createEnvironment(RecoveryCalls.unique("rdyenv"), world.admin()).name();
        String cluster = inventory.createCluster(RecoveryCalls.unique("rdy"), environment, null, world.admin()).name();
        inventory.addNamespaceRule(cluster, "shop-*", world.alphaProject().slug(), world.admin());
        inventory.addNamespaceRule(cluster, "bar-*", world.betaProject().slug(), world.admin());
        Instant now = Instant.now();
        List<ObjectNode> items = List.of(
                location(calls, "default", "Available"), location(calls, "offsite", "Unavailable"),
                schedule(calls, "daily", "shop-web"),
                backup(calls, "daily-old", "daily", "shop-web", now.minus(Duration.ofHours(31)), "Completed", "default", false),
                backup(calls, "daily-new", "daily", "shop-web", now.minus(Duration.ofHours(2)), "PartiallyFailed", "default", false),
                restore(calls, "web-test", "daily-old", "shop-web", now.minus(Duration.ofHours(30)), Duration.ofMinutes(130)),
                backup(calls, "api-1", null, "shop-api", now.minus(Duration.ofHours(3)), "Completed", "default", false),
                restore(calls, "api-test", "api-1", "shop-api", now.minus(Duration.ofHours(2)), Duration.ofMinutes(10)),
                backup(calls, "db-labelled", null, "shop-db", now.minus(Duration.ofHours(1)), "Completed", "default", true),
                backup(calls, "cache-offsite", null, "shop-cache", now.minus(Duration.ofHours(1)), "Completed", "offsite", false),
                backup(calls, "bar-1", null, "bar-web", now.minus(Duration.ofHours(1)), "Completed", "default", false));
        ObjectNode list = calls.json.createObjectNode().put("apiVersion", "v1").put("kind", "List");
        list.putArray("items").addAll(items);
        calls.report(cluster, "application/json", calls.json.writeValueAsString(list));
        calls.setPolicy(TestWorld.LEAD, Map.of("cluster", cluster, "rpo", "24h", "rto", "1h", "restoreTestEvery", "30d"))
                .andExpect(status().isOk());
        calls.setPolicy(TestWorld.LEAD, Map.of("cluster", cluster, "namespace", "shop-web", "rpo", "24h", "rto", "1h",
                "schedule", "daily", "minTtl", "30d")).andExpect(status().isOk());
        calls.setPolicy(TestWorld.ALICE, Map.of("cluster", cluster, "rpo", "1h", "rto", "1h")).andExpect(status().isForbidden());
        calls.setPolicy(TestWorld.LEAD, Map.of("cluster", cluster, "rpo", "soon", "rto", "1h")).andExpect(status().isBadRequest());

        JsonNode web = calls.namespace(TestWorld.ALICE, cluster, "shop-web");
        assertThat(web.get("policyScope").asString()).isEqualTo("namespace");
        assertThat(web.get("rpo").asString()).isEqualTo("BREACHED");
        assertThat(web.get("breached").asBoolean()).isTrue();
        List<String> reasons = strings(web.get("reasons"));
        assertThat(reasons).contains("RPO 24h: newest usable backup daily-old 31h old — schedule daily last ran PartiallyFailed",
                "RTO 1h: restore web-test took 2h 10m");
        assertThat(web.at("/newestBackup/name").asString()).isEqualTo("daily-new");
        assertThat(web.at("/lastRestoreTest/mappedTo").asString()).isEqualTo("shop-web-restore-test");

        JsonNode api = calls.namespace(TestWorld.ALICE, cluster, "shop-api");
        assertThat(api.get("policyScope").asString()).isEqualTo("cluster");
        assertThat(api.get("verified").asBoolean()).as(api.toString()).isTrue();
        assertThat(api.get("breached").asBoolean()).isFalse();

        long apiTest = jdbc.sql("select id from recovery_restore where name = 'api-test'").query(Long.class).single();
        calls.attach(TestWorld.ALICE, apiTest, false, "checkout smoke test returned 500").andExpect(status().isOk());
        calls.attach(TestWorld.BOB, apiTest, true, "mine?").andExpect(status().isNotFound());
        calls.attach(TestWorld.AUDITOR, apiTest, true, "looks fine").andExpect(status().isForbidden());
        calls.attach(TestWorld.ALICE, apiTest, true, "").andExpect(status().isBadRequest());
        JsonNode failed = calls.namespace(TestWorld.ALICE, cluster, "shop-api");
        assertThat(failed.get("verified").asBoolean()).isFalse();
        assertThat(strings(failed.get("reasons"))).contains("RTO 1h: the health check after restore api-test failed");
        calls.attach(TestWorld.LEAD, apiTest, true, "fixed the probe; checkout passes").andExpect(status().isOk());
        assertThat(calls.namespace(TestWorld.ALICE, cluster, "shop-api").get("verified").asBoolean()).isTrue();
        assertThat(calls.read(calls.restore(TestWorld.ALICE, apiTest)).get("evidence")).hasSize(2);

        JsonNode db = calls.namespace(TestWorld.LEAD, cluster, "shop-db");
        assertThat(strings(db.get("reasons"))).contains("RPO 24h: no usable backup covers it",
                "backup db-labelled takes it only by label selector (partial): not counted");
        JsonNode cache = calls.namespace(TestWorld.LEAD, cluster, "shop-cache");
        assertThat(strings(cache.get("reasons"))).anyMatch(r -> r.contains("storage location offsite, which is Unavailable"));

        assertThat(calls.namespace(TestWorld.BOB, cluster, "shop-web").isMissingNode()).isTrue();
        assertThat(calls.namespace(TestWorld.BOB, cluster, "bar-web").isMissingNode()).isFalse();
        assertThat(calls.namespace(TestWorld.ALICE, cluster, "bar-web").isMissingNode()).isTrue();
        long bar = jdbc.sql("select id from recovery_backup where name = 'bar-1'").query(Long.class).single();
        calls.backup(TestWorld.ALICE, bar).andExpect(status().isNotFound());
        calls.backup(TestWorld.BOB, bar).andExpect(status().isOk());
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new java.util.ArrayList<>();
        array.forEach(v -> values.add(v.asString()));
        return values;
    }

    private static ObjectNode location(RecoveryCalls calls, String name, String phase) {
        ObjectNode l = calls.json.createObjectNode().put("apiVersion", "velero.io/v1").put("kind", "BackupStorageLocation");
        l.putObject("metadata").put("name", name).put("namespace", "velero");
        l.putObject("spec").put("provider", "aws").putObject("objectStorage").put("bucket", name);
        l.putObject("status").put("phase", phase).put("message", phase.equals("Unavailable") ? "bucket not reachable" : null);
        return l;
    }

    private static ObjectNode schedule(RecoveryCalls calls, String name, String namespace) {
        ObjectNode s = calls.json.createObjectNode().put("apiVersion", "velero.io/v1").put("kind", "Schedule");
        s.putObject("metadata").put("name", name).put("namespace", "velero");
        ObjectNode spec = s.putObject("spec").put("schedule", "0 1 * * *");
        spec.putObject("template").put("ttl", "720h0m0s").putArray("includedNamespaces").add(namespace);
        s.putObject("status").put("phase", "Enabled");
        return s;
    }

    private static ObjectNode backup(RecoveryCalls calls, String name, String schedule, String namespace, Instant started,
            String phase, String location, boolean labelled) {
        ObjectNode b = calls.json.createObjectNode().put("apiVersion", "velero.io/v1").put("kind", "Backup");
        ObjectNode metadata = b.putObject("metadata").put("name", name).put("namespace", "velero")
                .put("creationTimestamp", started.toString());
        if (schedule != null) {
            metadata.putObject("labels").put("velero.io/schedule-name", schedule);
        }
        ObjectNode spec = b.putObject("spec").put("storageLocation", location).put("ttl", "720h0m0s");
        spec.putArray("includedNamespaces").add(namespace);
        if (labelled) {
            spec.putObject("labelSelector").putObject("matchLabels").put("app", "db");
        }
        b.putObject("status").put("phase", phase).put("errors", phase.equals("PartiallyFailed") ? 5 : 0)
                .put("startTimestamp", started.toString()).put("completionTimestamp", started.plusSeconds(300).toString())
                .put("expiration", started.plus(Duration.ofDays(30)).toString());
        return b;
    }

    private static ObjectNode restore(RecoveryCalls calls, String name, String backup, String namespace, Instant started,
            Duration took) {
        ObjectNode r = calls.json.createObjectNode().put("apiVersion", "velero.io/v1").put("kind", "Restore");
        r.putObject("metadata").put("name", name).put("namespace", "velero");
        ObjectNode spec = r.putObject("spec").put("backupName", backup);
        spec.putArray("includedNamespaces").add(namespace);
        spec.putObject("namespaceMapping").put(namespace, namespace + "-restore-test");
        r.putObject("status").put("phase", "Completed").put("startTimestamp", started.toString())
                .put("completionTimestamp", started.plus(took).toString());
        return r;
    }
}
