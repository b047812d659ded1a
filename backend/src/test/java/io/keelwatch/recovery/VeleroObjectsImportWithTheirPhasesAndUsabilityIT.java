package io.keelwatch.recovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.keelwatch.inventory.InventoryService;
import io.keelwatch.platform.SafeYaml;
import io.keelwatch.testsupport.KeelwatchIntegrationTest;
import io.keelwatch.testsupport.TestWorld;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The real Velero samples (fixtures/velero) import with their phases as Velero 1.18 defines them, and only a Completed
 * backup with no failure reason, no errors and not expired is usable: the user's PartiallyFailed backup, the status
 * Velero leaves on a backup it found InProgress after a restart (Completed with a failure reason), a
 * FinalizingPartiallyFailed one and the documented, long expired example are shown but count for nothing. The same
 * objects again change nothing; other kinds and the legacy Ark group are skipped or refused with the reason; bad input
 * is a problem that writes nothing.
 */
@KeelwatchIntegrationTest
class VeleroObjectsImportWithTheirPhasesAndUsabilityIT {

    @Autowired
    MockMvc mvc;
    @Autowired
    TestWorld world;
    @Autowired
    InventoryService inventory;
    @Autowired
    SafeYaml yaml;
    @Autowired
    JdbcClient jdbc;

    RecoveryCalls calls;
    String cluster;

    @BeforeEach
    void cluster() {
        calls = new RecoveryCalls(mvc);
        String environment = inventory.createEnvironment(RecoveryCalls.unique("recenv"), world.admin()).name();
        cluster = inventory.createCluster(RecoveryCalls.unique("rec"), environment, null, world.admin()).name();
        inventory.addNamespaceRule(cluster, "shop-*", world.alphaProject().slug(), world.admin());
    }

    @Test
    void theRealSamplesImportWithTheirPhasesAndOnlyACleanCompletedBackupIsUsable() throws Exception {
        JsonNode partial = calls.report(cluster, "application/yaml", RecoveryCalls.sample("backup-partiallyfailed-issue5815.yaml"));
        assertThat(partial.at("/backups/added").asInt()).isEqualTo(1);
        calls.report(cluster, "application/json", json(backupWithStatus("restarted",
                yaml.tree(RecoveryCalls.sample("backup-status-completed-with-failurereason-issue7230.yaml.fragment"), 1 << 20))));
        // the pasted JSON status block lacks its closing braces, as pasted in the issue: closed here, content unchanged
        calls.report(cluster, "application/json", json(backupWithStatus("finalizing", calls.json.readTree(
                "{" + RecoveryCalls.sample("backup-status-finalizingpartiallyfailed-issue7287.json.fragment") + "}}"))));
        calls.report(cluster, "application/json", RecoveryCalls.sample("output-file-format__velero-backup.json"));
        JsonNode documented = calls.report(cluster, "application/yaml", RecoveryCalls.sample("api-types__backup.yaml"));
        assertThat(documented.get("warnings").toString()).contains("no status.phase yet: taken as New");

        assertThat(phase("9999")).isEqualTo("PartiallyFailed");
        assertThat(phase("restarted")).isEqualTo("Completed");
        assertThat(phase("finalizing")).isEqualTo("FinalizingPartiallyFailed");
        assertThat(phase("test-backup")).isEqualTo("Completed");
        assertThat(phase("a")).isEqualTo("New");

        JsonNode unusable9999 = calls.read(calls.backup(TestWorld.LEAD, id("9999")).andExpect(status().isOk()));
        assertThat(unusable9999.get("usable").asBoolean()).isFalse();
        assertThat(unusable9999.get("unusableBecause").asString()).isEqualTo("PartiallyFailed");
        assertThat(unusable9999.get("errors").asInt()).isEqualTo(5);
        assertThat(unusable9999.get("storageLocation").asString()).isEqualTo("aws-velero");
        assertThat(unusable9999.get("phases").get(0).get("phase").asString()).isEqualTo("PartiallyFailed");
        JsonNode restarted = calls.read(calls.backup(TestWorld.LEAD, id("restarted")).andExpect(status().isOk()));
        assertThat(restarted.get("usable").asBoolean()).isFalse();
        assertThat(restarted.get("unusableBecause").asString()).startsWith("Completed with a failure reason (found a backup with status");
        assertThat(calls.read(calls.backup(TestWorld.LEAD, id("test-backup"))).get("unusableBecause").asString())
                .isEqualTo("expired 2017-08-01");
        JsonNode a = calls.read(calls.backup(TestWorld.LEAD, id("a")));
        assertThat(a.get("labelSelector").asBoolean()).isTrue();
        assertThat(a.get("excludedNamespaces").toString()).contains("some-namespace");

        // the user's backup as Velero would have finished it without errors, kept for 30 days from now: usable
        ObjectNode clean = (ObjectNode) yaml.tree(RecoveryCalls.sample("backup-partiallyfailed-issue5815.yaml"), 1 << 20);
        Instant started = Instant.now().minus(2, ChronoUnit.HOURS);
        ((ObjectNode) clean.get("metadata")).put("name", "clean").put("creationTimestamp", started.toString());
        ((ObjectNode) clean.get("status")).put("phase", "Completed").put("errors", 0).put("startTimestamp", started.toString())
                .put("completionTimestamp", started.plusSeconds(60).toString())
                .put("expiration", started.plus(30, ChronoUnit.DAYS).toString());
        calls.report(cluster, "application/json", json(clean));
        assertThat(calls.read(calls.backup(TestWorld.LEAD, id("clean"))).get("usable").asBoolean()).isTrue();
        // readiness of a namespace the `*` backups cover: the usable one is the newest usable, 2h old
        calls.report(cluster, "application/json", podNamespace("shop-web"));
        JsonNode shop = calls.namespace(TestWorld.LEAD, cluster, "shop-web");
        assertThat(shop.at("/lastUsableBackup/name").asString()).isEqualTo("clean");
        assertThat(shop.at("/lastUsableBackup/ageMinutes").asLong()).isBetween(119L, 121L);
    }

    @Test
    void theSameObjectsAgainChangeNothingAndAChangedPhaseIsItsHistory() throws Exception {
        String list = RecoveryCalls.sample("design-CLI-original-aws__velero-install-dryrun-kind-List.yaml");
        JsonNode first = calls.report(cluster, "application/yaml", list);
        assertThat(first.at("/locations/added").asInt()).isEqualTo(1);
        assertThat(first.get("skipped")).hasSize(17);
        assertThat(first.get("skipped").toString()).contains("Secret velero/cloud-credentials")
                .contains("VolumeSnapshotLocation velero/default").doesNotContain("W2RlZmF1bHRd");
        JsonNode again = calls.report(cluster, "application/yaml", list);
        assertThat(again.at("/locations/added").asInt()).isZero();
        assertThat(again.at("/locations/changed").asInt()).isZero();

        String backup = RecoveryCalls.sample("backup-partiallyfailed-issue5815.yaml");
        String inProgress = backup.replace("phase: PartiallyFailed", "phase: InProgress");
        calls.report(cluster, "application/yaml", inProgress);
        JsonNode finished = calls.report(cluster, "application/yaml", backup);
        assertThat(finished.at("/backups/changed").asInt()).isEqualTo(1);
        JsonNode repeated = calls.report(cluster, "application/yaml", backup);
        assertThat(repeated.at("/backups/added").asInt() + repeated.at("/backups/changed").asInt()).isZero();
        JsonNode detail = calls.read(calls.backup(TestWorld.LEAD, id("9999")));
        assertThat(detail.get("phases").findValuesAsString("phase")).containsExactly("InProgress", "PartiallyFailed");

        // gzip, as a CronJob may send it
        ByteArrayOutputStream zipped = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(zipped)) {
            gzip.write(RecoveryCalls.sample("oadp-operator__backup_schedules__schedule.yaml").getBytes(StandardCharsets.UTF_8));
        }
        calls.post(TestWorld.LEAD, cluster, "application/yaml", zipped.toByteArray()).andExpect(status().isOk())
                .andExpect(jsonPath("$.schedules.added").value(1));
        JsonNode restore = calls.report(cluster, "application/yaml", RecoveryCalls.sample("restore-reference__restore-with-restoreStatus.yaml"));
        assertThat(restore.get("warnings").toString()).contains("names no backup (spec.backupName) and no schedule");
    }

    @Test
    void badInputIsAProblemAndWritesNothing() throws Exception {
        int before = backups();
        // the legacy group, alone: refused with the reason
        String ark = RecoveryCalls.sample("backup-partiallyfailed-issue5815.yaml").replace("velero.io/v1", "ark.heptio.com/v1");
        calls.post(TestWorld.LEAD, cluster, "application/yaml", ark.getBytes(StandardCharsets.UTF_8))
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.type").value("urn:keelwatch:problem:no-velero-objects"))
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("ark.heptio.com")));
        // an alias bomb
        String bomb = "a: &a [x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\n"
                + "d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\nf: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]\n"
                + "g: [*f,*f,*f,*f,*f,*f,*f,*f,*f]\n";
        calls.post(TestWorld.LEAD, cluster, "application/yaml", bomb.getBytes(StandardCharsets.UTF_8)).andExpect(status().isBadRequest());
        // a control character in a second object: the whole List is refused, the first object too
        String list = "{\"apiVersion\":\"v1\",\"kind\":\"List\",\"items\":[" + json(minimal("fine", "Completed")) + ","
                + json(minimal("bad\u0007name", "Completed")) + "]}";
        calls.post(TestWorld.LEAD, cluster, "application/json", list.getBytes(StandardCharsets.UTF_8)).andExpect(status().isBadRequest());
        calls.post(TestWorld.LEAD, cluster, "application/json", "{not json".getBytes(StandardCharsets.UTF_8))
                .andExpect(status().isBadRequest());
        calls.post(TestWorld.LEAD, cluster, "application/pdf", "x".getBytes(StandardCharsets.UTF_8))
                .andExpect(status().isUnsupportedMediaType());
        calls.post(TestWorld.LEAD, "no-such-cluster", "application/json", json(minimal("x", "Completed")).getBytes(StandardCharsets.UTF_8))
                .andExpect(status().isNotFound());
        calls.post(TestWorld.ALICE, cluster, "application/json", json(minimal("x", "Completed")).getBytes(StandardCharsets.UTF_8))
                .andExpect(status().isForbidden());
        assertThat(backups()).isEqualTo(before);

        // recorded with warnings: an unknown phase, a spec: {} (every namespace), no timestamps at all
        ObjectNode odd = minimal("odd", "Exploded");
        odd.putObject("spec");
        JsonNode report = calls.report(cluster, "application/json", json(odd));
        assertThat(report.get("warnings").toString()).contains("unknown phase Exploded")
                .contains("no creationTimestamp or startTimestamp");
        JsonNode detail = calls.read(calls.backup(TestWorld.LEAD, id("odd")));
        assertThat(detail.get("usable").asBoolean()).isFalse();
        assertThat(detail.get("includedNamespaces")).isEmpty();
        assertThat(detail.get("importWarnings").toString()).contains("unknown phase Exploded");
    }

    private ObjectNode minimal(String name, String phase) {
        ObjectNode backup = calls.json.createObjectNode().put("apiVersion", "velero.io/v1").put("kind", "Backup");
        backup.putObject("metadata").put("name", name).put("namespace", "velero");
        backup.putObject("status").put("phase", phase);
        return backup;
    }

    /** A Backup around a status block pasted in an issue, taking the shop namespaces. */
    private ObjectNode backupWithStatus(String name, JsonNode root) {
        ObjectNode backup = calls.json.createObjectNode().put("apiVersion", "velero.io/v1").put("kind", "Backup");
        backup.putObject("metadata").put("name", name).put("namespace", "velero");
        backup.putObject("spec").putArray("includedNamespaces").add("shop-*");
        backup.set("status", root.get("status"));
        return backup;
    }

    /** A Restore naming the namespace, so recovery reports on it (a namespace not otherwise known). */
    private String podNamespace(String namespace) {
        ObjectNode restore = calls.json.createObjectNode().put("apiVersion", "velero.io/v1").put("kind", "Restore");
        restore.putObject("metadata").put("name", "names-" + namespace).put("namespace", "velero");
        ObjectNode spec = restore.putObject("spec").put("backupName", "clean");
        spec.putArray("includedNamespaces").add(namespace);
        restore.putObject("status").put("phase", "New");
        return json(restore);
    }

    private String json(JsonNode node) {
        return calls.json.writeValueAsString(node);
    }

    private String phase(String name) {
        return jdbc.sql("select b.phase from recovery_backup b join cluster c on c.id = b.cluster_id where c.name = :c and b.name = :n")
                .param("c", cluster).param("n", name).query(String.class).single();
    }

    private long id(String name) {
        return jdbc.sql("select b.id from recovery_backup b join cluster c on c.id = b.cluster_id where c.name = :c and b.name = :n")
                .param("c", cluster).param("n", name).query(Long.class).single();
    }

    private int backups() {
        return jdbc.sql("select count(*) from recovery_backup b join cluster c on c.id = b.cluster_id where c.name = :c")
                .param("c", cluster).query(Integer.class).single();
    }
}
