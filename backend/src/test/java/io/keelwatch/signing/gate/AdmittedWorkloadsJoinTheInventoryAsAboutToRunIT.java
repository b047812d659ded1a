package io.keelwatch.signing.gate;

import static io.keelwatch.testsupport.Bearer.bearer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import io.keelwatch.inventory.InventoryService;
import io.keelwatch.inventory.WorkloadCalls;
import io.keelwatch.testsupport.Fixtures;
import io.keelwatch.testsupport.KeelwatchIntegrationTest;
import io.keelwatch.testsupport.TestWorld;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * What the admission webhook lets into a cluster joins the workload inventory as about to run — the real Pod and
 * Deployment creations, folded into their workloads as snapshots fold them — marked as admitted and not yet seen
 * running until a snapshot shows it; a dry run and a denied request leave the inventory as it was. The webhook's
 * memory of what it recorded a moment ago never hides a Pod a snapshot has stopped since.
 */
@KeelwatchIntegrationTest
class AdmittedWorkloadsJoinTheInventoryAsAboutToRunIT {

    private static final String NGINX = "nginx@sha256:482ead44b2203fa32b3390abdaf97cbdc8ad15c07fb03a3e68d7c35a19ad7595";

    @Autowired
    MockMvc mvc;
    @Autowired
    TestWorld world;
    @Autowired
    InventoryService inventory;

    private final JsonMapper json = JsonMapper.builder().build();
    private WorkloadCalls workloads;
    private GateCalls gate;
    private String environment;
    private String cluster;
    private String clusterToken;

    @BeforeEach
    void setUp() throws Exception {
        workloads = new WorkloadCalls(mvc);
        gate = new GateCalls(mvc);
        cluster = world.newCluster("admitted");
        environment = cluster;
        clusterToken = gate.webhookToken(cluster);
    }

    @Test
    void anAdmittedPodAndDeploymentAppearAsAboutToRunAndADryRunLeavesNoTrace() throws Exception {
        ObjectNode dryRun = review("pepr__admission-create-deployment.json");
        ((ObjectNode) dryRun.get("request")).put("dryRun", true);

        assertThat(admit(dryRun)).as("a dry run is answered").isTrue();
        assertThat(running()).as("a dry run has no side effects").isEmpty();

        assertThat(admit(review("cloud-custodian__controllermode.rst__admissionreview-v1-pod-create.json"))).isTrue();
        assertThat(admit(review("pepr__admission-create-deployment.json"))).isTrue();

        List<JsonNode> running = running();
        assertThat(running).extracting(r -> r.get("kind").asString() + " " + r.get("namespace").asString() + "/"
                + r.get("name").asString() + " " + r.get("container").asString() + " " + r.get("repository").asString()
                + (r.hasNonNull("tag") ? ":" + r.get("tag").asString() : "")).containsExactlyInAnyOrder(
                "Pod default/nginx nginx nginx:1.14.2", "Deployment pepr-demo/lower nginx nginx");
        for (JsonNode container : running) {
            assertThat(container.get("seenRunning").asBoolean()).as("admitted, not yet seen running").isFalse();
            assertThat(container.hasNonNull("admittedAt")).isTrue();
            assertThat(container.hasNonNull("stoppedAt")).isFalse();
            assertThat(container.get("drift").toString()).as("what is about to run shows its drift").contains("tag-only");
        }
    }

    @Test
    void aPodOfAnAdmittedDeploymentFoldsIntoItAndASnapshotShowingItConfirmsItRuns() throws Exception {
        ObjectNode deployment = review("pepr__admission-create-deployment.json");
        podSpec(deployment.get("request").get("object").get("spec").get("template")).put("image", NGINX);
        ObjectNode pod = podOf("lower");

        assertThat(admit(deployment)).isTrue();
        assertThat(admit(pod)).isTrue();
        assertThat(running()).as("the Pod is the Deployment's, which is already recorded").hasSize(1)
                .allSatisfy(c -> assertThat(c.get("kind").asString() + "/" + c.get("name").asString()).isEqualTo("Deployment/lower"));

        ObjectNode started = (ObjectNode) pod.get("request").get("object").deepCopy();
        ObjectNode status = started.putObject("status");
        status.put("phase", "Running");
        ObjectNode containerStatus = status.putArray("containerStatuses").addObject();
        containerStatus.put("name", "nginx");
        containerStatus.put("image", NGINX);
        containerStatus.put("imageID", "docker.io/library/" + NGINX);
        workloads.report(cluster, null, workloads.bytes(started));

        assertThat(running()).hasSize(1).allSatisfy(c -> {
            assertThat(c.get("seenRunning").asBoolean()).as("a snapshot showed it running").isTrue();
            assertThat(c.get("digest").asString()).isEqualTo(NGINX.substring("nginx@".length()));
        });
    }

    @Test
    void aDeniedRequestIsNotRecordedButABreakGlassOneIs() throws Exception {
        Map<String, Object> policy = new LinkedHashMap<>();
        policy.put("name", "signed " + environment);
        policy.put("imagePattern", "*");
        policy.put("environments", List.of(environment));
        policy.put("mode", "enforce");
        policy.put("authorities", Map.of("anyTrustedSigner", true));
        assertThat(gate.post("/api/v1/gate/policies", TestWorld.LEAD, policy).status()).isEqualTo(201);
        ObjectNode denied = review("kyverno_validation_test__admissionrequest-pod-create.json");
        ObjectNode breakGlass = review("cloud-custodian__controllermode.rst__admissionreview-v1-pod-create.json");
        ((ObjectNode) breakGlass.get("request").get("object").get("metadata")).putObject("annotations")
                .put("keelwatch.io/break-glass", "INC-1 hotfix");

        assertThat(admit(denied)).isFalse();
        assertThat(running()).as("a denied Pod will not run").isEmpty();
        assertThat(admit(breakGlass)).isTrue();
        assertThat(running()).extracting(c -> c.get("name").asString()).as("break-glass lets it in: it is about to run")
                .containsExactly("nginx");
    }

    @Test
    void aPodASnapshotStoppedIsAboutToRunAgainWhenAdmittedAgainAtOnce() throws Exception {
        ObjectNode pod = review("cloud-custodian__controllermode.rst__admissionreview-v1-pod-create.json");
        assertThat(admit(pod)).isTrue();
        assertThat(admit(pod)).as("admitted again: already recorded").isTrue();
        assertThat(notStopped()).containsExactly("nginx");

        workloads.report(cluster, null, workloads.list("List", List.of()));
        assertThat(notStopped()).as("a snapshot of the whole cluster without it stops it").isEmpty();

        assertThat(admit(pod)).isTrue();
        assertThat(notStopped()).as("admitted again right after the snapshot: what the webhook remembered does not hide it")
                .containsExactly("nginx");
    }

    /** The names of the cluster's workloads with a container not stopped. */
    private List<String> notStopped() throws Exception {
        return running().stream().filter(c -> !c.hasNonNull("stoppedAt")).map(c -> c.get("name").asString()).distinct().toList();
    }

    /** A Pod the Deployment's ReplicaSet creates, as its admission request shows it (no status yet). */
    private ObjectNode podOf(String deployment) {
        ObjectNode review = review("kyverno_validation_test__admissionrequest-pod-create.json");
        ObjectNode request = (ObjectNode) review.get("request");
        request.put("namespace", "pepr-demo");
        request.put("name", deployment + "-5d9c8b7f4-x1x2y");
        ObjectNode metadata = (ObjectNode) request.get("object").get("metadata");
        metadata.put("namespace", "pepr-demo");
        metadata.put("name", deployment + "-5d9c8b7f4-x1x2y");
        metadata.putObject("labels").put("pod-template-hash", "5d9c8b7f4");
        ObjectNode owner = metadata.putArray("ownerReferences").addObject();
        owner.put("apiVersion", "apps/v1");
        owner.put("kind", "ReplicaSet");
        owner.put("name", deployment + "-5d9c8b7f4");
        owner.put("controller", true);
        ObjectNode container = podSpec(request.get("object"));
        container.put("name", "nginx");
        container.put("image", NGINX);
        return review;
    }

    private static ObjectNode podSpec(JsonNode podTemplateOrPod) {
        return (ObjectNode) podTemplateOrPod.get("spec").get("containers").get(0);
    }

    private ObjectNode review(String sample) {
        JsonNode read = json.readTree(Fixtures.text("k8s/" + sample));
        if (read.has("request")) {
            return (ObjectNode) read;
        }
        ObjectNode review = json.createObjectNode();
        review.put("apiVersion", "admission.k8s.io/v1");
        review.put("kind", "AdmissionReview");
        review.set("request", read);
        return review;
    }

    /** Whether the webhook let it in. */
    private boolean admit(ObjectNode review) throws Exception {
        MockHttpServletResponse response = mvc.perform(post("/api/v1/admission").with(bearer(clusterToken))
                .contentType(MediaType.APPLICATION_JSON).content(review.toString().getBytes(StandardCharsets.UTF_8)))
                .andReturn().getResponse();
        assertThat(response.getStatus()).as(response.getContentAsString()).isEqualTo(200);
        return json.readTree(response.getContentAsString(StandardCharsets.UTF_8)).get("response").get("allowed").asBoolean();
    }

    private List<JsonNode> running() throws Exception {
        List<JsonNode> items = new ArrayList<>();
        workloads.running(TestWorld.LEAD, Map.of("cluster", cluster)).get("items").forEach(items::add);
        return items;
    }
}
