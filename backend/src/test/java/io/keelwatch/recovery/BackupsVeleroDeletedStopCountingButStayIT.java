package io.keelwatch.recovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.keelwatch.inventory.InventoryService;
import io.keelwatch.platform.SafeYaml;
import io.keelwatch.testsupport.KeelwatchIntegrationTest;
import io.keelwatch.testsupport.TestWorld;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A backup Velero deleted stops counting as a restore point and stays, marked deleted with when, as evidence: when a
 * complete listing of its Velero namespace (a {@code List} as kubectl prints it) no longer has it, when Kubernetes was
 * asked to delete it ({@code metadata.deletionTimestamp}) or when it is in phase Deleting. Single objects, several
 * {@code ---} documents and a listing of another Velero namespace delete nothing; one listed again is back. Built
 * from the real samples: the user's PartiallyFailed backup, the documented {@code velero backup} output, and the user's
 * backup as Velero would have finished it cleanly.
 */
@KeelwatchIntegrationTest
class BackupsVeleroDeletedStopCountingButStayIT {

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

    @Test
    void onlyACompleteListingOfItsVeleroNamespaceOrVeleroItselfDeletesABackup() throws Exception {
        calls = new RecoveryCalls(mvc);
        String environment = inventory.createEnvironment(RecoveryCalls.unique("delenv"), world.admin()).name();
        cluster = inventory.createCluster(RecoveryCalls.unique("del"), environment, null, world.admin()).name();
        inventory.addNamespaceRule(cluster, "shop-*", world.alphaProject().slug(), world.admin());
        ObjectNode partial = sample("backup-partiallyfailed-issue5815.yaml");
        ObjectNode documented = (ObjectNode) calls.json.readTree(RecoveryCalls.sample("output-file-format__velero-backup.json"));
        ObjectNode clean = clean();

        JsonNode first = calls.report(cluster, "application/json", list(partial, documented, clean));
        assertThat(first.get("listedNamespaces").toString()).isEqualTo("[\"velero\"]");
        assertThat(first.get("backupsGone").asInt()).isZero();
        assertThat(usable("clean")).isTrue();
        assertThat(calls.namespace(TestWorld.LEAD, cluster, "shop-web").at("/lastUsableBackup/name").asString()).isEqualTo("clean");

        // a single object, several --- documents, a listing of another Velero namespace: nothing else is deleted
        JsonNode single = calls.report(cluster, "application/yaml", RecoveryCalls.sample("backup-partiallyfailed-issue5815.yaml"));
        assertThat(single.get("listedNamespaces")).isEmpty();
        JsonNode documents = calls.report(cluster, "application/yaml", RecoveryCalls.sample("backup-partiallyfailed-issue5815.yaml")
                + "\n---\n" + RecoveryCalls.sample("backup-partiallyfailed-issue5815.yaml").replace("name: \"9999\"", "name: \"9998\""));
        assertThat(documents.get("listedNamespaces")).isEmpty();
        ObjectNode elsewhere = sample("backup-partiallyfailed-issue5815.yaml");
        ((ObjectNode) elsewhere.get("metadata")).put("name", "dr-1").put("namespace", "velero-dr");
        JsonNode otherNamespace = calls.report(cluster, "application/json", list(elsewhere));
        assertThat(otherNamespace.get("listedNamespaces").toString()).isEqualTo("[\"velero-dr\"]");
        assertThat(otherNamespace.get("backupsGone").asInt()).isZero();
        assertThat(usable("clean")).isTrue();

        // Velero's listing of its namespace no longer has it (nor 9998): deleted now, kept, counted for nothing
        Instant before = Instant.now();
        JsonNode gone = calls.report(cluster, "application/json", list(partial, documented));
        assertThat(gone.get("backupsGone").asInt()).isEqualTo(2);
        JsonNode deleted = calls.read(calls.backup(TestWorld.LEAD, id("clean")).andExpect(status().isOk()));
        assertThat(deleted.get("deleted").asBoolean()).isTrue();
        assertThat(deleted.get("usable").asBoolean()).isFalse();
        assertThat(deleted.get("unusableBecause").asString()).startsWith("no longer listed by Velero (");
        assertThat(OffsetDateTime.parse(deleted.get("deletedAt").asString()).toInstant()).isAfterOrEqualTo(before.truncatedTo(ChronoUnit.MILLIS));
        assertThat(deleted.get("phase").asString()).isEqualTo("Completed");
        assertThat(calls.namespace(TestWorld.LEAD, cluster, "shop-web").path("lastUsableBackup").path("name").isMissingNode()).isTrue();
        assertThat(calls.read(calls.backup(TestWorld.LEAD, id("dr-1"))).get("deleted").asBoolean()).isFalse();
        // the same listing again changes nothing: still deleted as of the first time
        JsonNode again = calls.report(cluster, "application/json", list(partial, documented));
        assertThat(again.get("backupsGone").asInt()).isZero();
        assertThat(calls.read(calls.backup(TestWorld.LEAD, id("clean"))).get("deletedAt")).isEqualTo(deleted.get("deletedAt"));

        // listed again (Velero's backup sync brings back one still in its storage location): usable again
        calls.report(cluster, "application/json", list(partial, documented, clean));
        assertThat(usable("clean")).isTrue();
        assertThat(calls.read(calls.backup(TestWorld.LEAD, id("clean"))).get("deleted").asBoolean()).isFalse();

        // Kubernetes was asked to delete it: deleted as of then, though still Completed
        Instant asked = Instant.now().minus(5, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS);
        ObjectNode deleting = clean.deepCopy();
        ((ObjectNode) deleting.get("metadata")).put("deletionTimestamp", asked.toString());
        calls.report(cluster, "application/json", calls.json.writeValueAsString(deleting));
        JsonNode requested = calls.read(calls.backup(TestWorld.LEAD, id("clean")));
        assertThat(requested.get("unusableBecause").asString()).startsWith("being deleted by Velero (");
        assertThat(OffsetDateTime.parse(requested.get("deletedAt").asString()).toInstant()).isEqualTo(asked);

        // phase Deleting alone (the documented backup, as Velero's deletion controller marks it)
        documented.putObject("status").put("phase", "Deleting");
        calls.report(cluster, "application/json", calls.json.writeValueAsString(documented));
        JsonNode phase = calls.read(calls.backup(TestWorld.LEAD, id("test-backup")));
        assertThat(phase.get("deleted").asBoolean()).isTrue();
        assertThat(phase.get("unusableBecause").asString()).startsWith("being deleted by Velero (");
    }

    /** The user's backup as Velero would have finished it without errors, taking shop-web, kept for 30 days from now. */
    private ObjectNode clean() {
        ObjectNode clean = sample("backup-partiallyfailed-issue5815.yaml");
        Instant started = Instant.now().minus(2, ChronoUnit.HOURS);
        ((ObjectNode) clean.get("metadata")).put("name", "clean").put("creationTimestamp", started.toString());
        ((ObjectNode) clean.get("spec")).putArray("includedNamespaces").add("shop-web");
        ((ObjectNode) clean.get("status")).put("phase", "Completed").put("errors", 0).put("startTimestamp", started.toString())
                .put("completionTimestamp", started.plusSeconds(60).toString())
                .put("expiration", started.plus(30, ChronoUnit.DAYS).toString());
        return clean;
    }

    private ObjectNode sample(String file) {
        return (ObjectNode) yaml.tree(RecoveryCalls.sample(file), 1 << 20);
    }

    /** What {@code kubectl get backups -n velero -o json} prints around these items. */
    private String list(ObjectNode... backups) {
        ObjectNode list = calls.json.createObjectNode().put("apiVersion", "v1").put("kind", "List");
        list.putArray("items").addAll(java.util.List.of(backups));
        list.putObject("metadata").put("resourceVersion", "");
        return calls.json.writeValueAsString(list);
    }

    private boolean usable(String name) throws Exception {
        return calls.read(calls.backup(TestWorld.LEAD, id(name)).andExpect(status().isOk())).get("usable").asBoolean();
    }

    private long id(String name) {
        return jdbc.sql("select b.id from recovery_backup b join cluster c on c.id = b.cluster_id where c.name = :c and b.name = :n")
                .param("c", cluster).param("n", name).query(Long.class).single();
    }
}
