package io.keelwatch.recovery;

import static io.keelwatch.signing.SigningCalls.SIGSTORE_RS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.keelwatch.inventory.InventoryService;
import io.keelwatch.inventory.ProjectRef;
import io.keelwatch.runtime.FalcoEventIngest;
import io.keelwatch.runtime.incidents.IncidentService;
import io.keelwatch.runtime.incidents.NewIncident;
import io.keelwatch.signing.SigningCalls;
import io.keelwatch.testsupport.Fixtures;
import io.keelwatch.testsupport.KeelwatchIntegrationTest;
import io.keelwatch.testsupport.TestWorld;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The clean restore point of a runtime incident is the newest usable backup of the workload's namespace that completed
 * before the incident's first alert — not a PartiallyFailed one in between, not one taken after — and names the
 * images the namespace ran when it was taken, with their open critical and high findings (alpine 3.9: 2 critical)
 * and their signing status (sigstore-rs's busybox signed with the project's trusted key: verified; the scanned image:
 * unsigned), each read once for all the images. Shown on the incident page (recovery's fragment) and over the API, to whoever sees the
 * incident only.
 */
@KeelwatchIntegrationTest
class CleanRestorePointPredatesTheIncidentIT {

    @Autowired
    MockMvc mvc;
    @Autowired
    TestWorld world;
    @Autowired
    InventoryService inventory;
    @Autowired
    FalcoEventIngest falco;
    @Autowired
    IncidentService incidents;
    @Autowired
    JdbcClient jdbc;

    @Test
    void theNewestUsableBackupBeforeTheFirstAlertWithTheImagesItBringsBack() throws Exception {
        ProjectRef project = world.alphaProject();
        String environment = inventory.createEnvironment(RecoveryCalls.unique("crpenv"), world.admin()).name();
        String cluster = inventory.createCluster(RecoveryCalls.unique("crp"), environment, null, world.admin()).name();
        inventory.addNamespaceRule(cluster, "shop-*", project.slug(), world.admin());
        String repository = "registry.example/crp-" + project.slug() + "/web";
        // an image of this test alone: the counts below are of its findings in every project alice sees
        String digest = "sha256:" + HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                .digest(repository.getBytes(StandardCharsets.UTF_8)));
        importReport(project, repository, digest);
        SigningCalls signing = new SigningCalls(mvc);
        // other tests may have trusted it in this project already (409): trusted either way
        assertThat(signing.trustKey(TestWorld.LEAD, SIGSTORE_RS.publicKey(), "project", null, project.slug()).status()).isIn(201, 409);
        assertThat(signing.submit(TestWorld.ALICE, SIGSTORE_RS.image(), project.slug(), SIGSTORE_RS.payload(), SIGSTORE_RS.signature(),
                null).body().get("status").asString()).isEqualTo("verified");
        RecoveryCalls calls = new RecoveryCalls(mvc);
        ObjectNode pods = calls.json.createObjectNode().put("apiVersion", "v1").put("kind", "List");
        pods.putArray("items").add(calls.json.readTree(pod("web-1", "shop-web", repository, digest)))
                .add(calls.json.readTree(pod("signed-1", "shop-web", SIGSTORE_RS.repository(), SIGSTORE_RS.digest())));
        inventory.reportWorkloads(cluster, null, new ByteArrayInputStream(pods.toString().getBytes(StandardCharsets.UTF_8)),
                "application/json", world.admin());

        Instant seen = Instant.now();
        Instant alert = seen.plus(Duration.ofMinutes(30));
        ObjectNode list = calls.json.createObjectNode().put("apiVersion", "v1").put("kind", "List");
        list.putArray("items")
                .add(backup(calls, "clean", seen.plus(Duration.ofMinutes(2)), "Completed"))
                .add(backup(calls, "partial-before", seen.plus(Duration.ofMinutes(10)), "PartiallyFailed"))
                .add(backup(calls, "after", alert.plus(Duration.ofMinutes(5)), "Completed"));
        calls.report(cluster, "application/json", calls.json.writeValueAsString(list));

        String event = ("{\"rule\":\"Terminal shell in container\",\"priority\":\"Critical\",\"time\":\"%s\",\"output\":\"A shell\","
                + "\"hostname\":\"node-1\",\"output_fields\":{\"k8s.ns.name\":\"shop-web\",\"k8s.pod.name\":\"web-1\","
                + "\"container.id\":\"0123456789ab\"}}").formatted(alert);
        falco.ingest(cluster, event.getBytes(StandardCharsets.UTF_8), false, world.admin());
        long alertId = jdbc.sql("select a.id from runtime_alert a join cluster c on c.id = a.cluster_id where c.name = :c")
                .param("c", cluster).query(Long.class).single();
        long incident = incidents.create(new NewIncident("Shell in shop-web", null, List.of(alertId)), world.admin()).incident().id();

        JsonNode points = calls.read(mvc.perform(get("/api/v1/recovery/incidents/" + incident + "/clean-restore-point")
                .with(httpBasic(TestWorld.ALICE, TestWorld.PASSWORD))).andExpect(status().isOk()));
        assertThat(points).hasSize(1);
        JsonNode point = points.get(0);
        assertThat(point.get("namespace").asString()).isEqualTo("shop-web");
        assertThat(point.at("/backup/name").asString()).isEqualTo("clean");
        assertThat(point.get("imagesKnown").asBoolean()).isTrue();
        assertThat(point.get("images")).hasSize(2);
        JsonNode image = image(point, digest);
        assertThat(image.get("critical").asLong()).isEqualTo(2);
        assertThat(image.get("vulnerable").asBoolean()).isTrue();
        assertThat(image.get("signed").asString()).isEqualTo("missing");
        JsonNode signed = image(point, SIGSTORE_RS.digest());
        assertThat(signed.get("signed").asString()).isEqualTo("verified");
        assertThat(signed.get("critical").asLong()).isZero();
        assertThat(signed.get("vulnerable").asBoolean()).isFalse();

        mvc.perform(get("/api/v1/recovery/incidents/" + incident + "/clean-restore-point")
                .with(httpBasic(TestWorld.BOB, TestWorld.PASSWORD))).andExpect(status().isNotFound());
        String fragment = mvc.perform(get("/recovery/incidents/" + incident + "/clean-restore-point")
                .with(user(TestWorld.ALICE).roles("DEVELOPER"))).andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(fragment).contains("data-testid=\"clean-restore-point\"").contains(">clean<").doesNotContain("partial-before")
                .contains("data-signed=\"verified\">verified<").contains("data-signed=\"missing\">unsigned<");
        String page = mvc.perform(get("/incidents/" + incident).with(user(TestWorld.ALICE).roles("DEVELOPER")))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(page).contains("hx-get=\"/recovery/incidents/" + incident + "/clean-restore-point\"");

        // taken before Keelwatch watched the namespace: which images it brings back is unknown, never "none"
        calls.report(cluster, "application/json", calls.json.writeValueAsString(
                backup(calls, "ancient", seen.minus(Duration.ofDays(3)), "Completed")));
        jdbc.sql("delete from recovery_backup_phase where backup_id = (select id from recovery_backup where name = 'clean')").update();
        jdbc.sql("delete from recovery_backup where name = 'clean'").update();
        JsonNode older = calls.read(mvc.perform(get("/api/v1/recovery/incidents/" + incident + "/clean-restore-point")
                .with(httpBasic(TestWorld.ALICE, TestWorld.PASSWORD)))).get(0);
        assertThat(older.at("/backup/name").asString()).isEqualTo("ancient");
        assertThat(older.get("imagesKnown").asBoolean()).isFalse();
        assertThat(older.get("images")).isEmpty();
    }

    private static JsonNode image(JsonNode point, String digest) {
        for (JsonNode image : point.get("images")) {
            if (digest.equals(image.get("digest").asString())) {
                return image;
            }
        }
        throw new AssertionError("no image " + digest + " in " + point);
    }

    private void importReport(ProjectRef project, String repository, String digest) throws Exception {
        ObjectNode report = (ObjectNode) new RecoveryCalls(mvc).json.readTree(Fixtures.bytes("trivy/alpine-39.json.golden"));
        report.put("ArtifactName", repository + ":1.0");
        ObjectNode metadata = (ObjectNode) report.get("Metadata");
        metadata.putArray("RepoDigests").add(repository + "@" + digest);
        metadata.putArray("RepoTags").add(repository + ":1.0");
        mvc.perform(post("/api/v1/scans").param("project", project.slug()).contentType("application/json")
                .content(report.toString()).with(httpBasic(TestWorld.ALICE, TestWorld.PASSWORD))).andExpect(status().isCreated());
    }

    /** k9s's Pod, renamed into the namespace, running the image. */
    private String pod(String name, String namespace, String repository, String digest) {
        RecoveryCalls calls = new RecoveryCalls(mvc);
        ObjectNode pod = (ObjectNode) calls.json.readTree(Fixtures.text("k8s/k9s_render_po.json"));
        ((ObjectNode) pod.path("metadata")).put("name", name).put("namespace", namespace);
        ((ObjectNode) pod.path("status").path("containerStatuses").get(0)).put("imageID", repository + "@" + digest);
        return pod.toString();
    }

    private static ObjectNode backup(RecoveryCalls calls, String name, Instant started, String phase) {
        ObjectNode b = calls.json.createObjectNode().put("apiVersion", "velero.io/v1").put("kind", "Backup");
        b.putObject("metadata").put("name", name).put("namespace", "velero").put("creationTimestamp", started.toString());
        b.putObject("spec").putArray("includedNamespaces").add("shop-*");
        b.putObject("status").put("phase", phase).put("errors", phase.equals("Completed") ? 0 : 3)
                .put("startTimestamp", started.toString()).put("completionTimestamp", started.plusSeconds(120).toString())
                .put("expiration", "2099-01-01T00:00:00Z");
        return b;
    }
}
