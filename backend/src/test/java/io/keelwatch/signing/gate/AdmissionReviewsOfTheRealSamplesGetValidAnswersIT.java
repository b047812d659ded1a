package io.keelwatch.signing.gate;

import static io.keelwatch.signing.SigningCalls.SIGSTORE_RS;
import static io.keelwatch.testsupport.Bearer.bearer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import io.keelwatch.inventory.InventoryService;
import io.keelwatch.inventory.ProjectRef;
import io.keelwatch.signing.SigningCalls;
import io.keelwatch.testsupport.Fixtures;
import io.keelwatch.testsupport.KeelwatchIntegrationTest;
import io.keelwatch.testsupport.TestWorld;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The real AdmissionRequests (kyverno's Pod create and status update, cloud-custodian's AdmissionReview, pepr's
 * Deployment create and update), sent as the API server sends them, each get a valid AdmissionReview v1 back (uid
 * echoed, allowed, status, warnings of at most 120 characters); the gate denies what a policy of the cluster's
 * environment forbids, allows the break-glass annotation loudly (audited, unless a dry run), and answers bodies that are
 * no AdmissionReview v1 with a refusal that is still an AdmissionReview, never a 500.
 */
@KeelwatchIntegrationTest
class AdmissionReviewsOfTheRealSamplesGetValidAnswersIT {

    private static final List<String> SAMPLES = List.of("cloud-custodian__controllermode.rst__admissionreview-v1-pod-create.json",
            "kyverno_validation_test__admissionrequest-pod-create.json", "kyverno_validation_test__admissionrequest-pod-status-update.json",
            "pepr__admission-create-deployment.json", "pepr__admission-update-deployment.json");

    @Autowired
    MockMvc mvc;
    @Autowired
    TestWorld world;
    @Autowired
    InventoryService inventory;
    @Autowired
    JdbcClient jdbc;

    private final JsonMapper json = JsonMapper.builder().build();
    private GateCalls gate;
    private String environment;
    private String cluster;
    private String clusterToken;

    @BeforeEach
    void setUp() throws Exception {
        gate = new GateCalls(mvc);
        cluster = world.newCluster("admit");
        environment = cluster;
        clusterToken = gate.webhookToken(cluster);
    }

    @Test
    void everyRealSampleGetsAValidAnswerWithItsUid() throws Exception {
        for (String sample : SAMPLES) {
            ObjectNode review = review(sample);
            JsonNode answer = admit(post("/api/v1/admission").with(bearer(clusterToken)), review.toString());

            assertValid(answer, review.get("request").get("uid").asString());
            assertThat(answer.get("response").get("allowed").asBoolean()).as(sample + ": no policy of the environment matches").isTrue();
        }
    }

    @Test
    void aPolicyOfTheClustersEnvironmentDeniesTagOnlyAndUnsignedImagesAndAllowsTheVerifiedDigest() throws Exception {
        ProjectRef project = world.alphaProject();
        SigningCalls signing = new SigningCalls(mvc);
        signing.trustKey(TestWorld.LEAD, SIGSTORE_RS.publicKey(), "project", null, project.slug());
        signing.submit(TestWorld.ALICE, SIGSTORE_RS.image(), project.slug(), SIGSTORE_RS.payload(), SIGSTORE_RS.signature(), null);
        policy("signed " + environment, "*", "enforce");

        ObjectNode tagOnly = review("kyverno_validation_test__admissionrequest-pod-create.json");
        ObjectNode signedDeployment = withImage(review("pepr__admission-create-deployment.json"), SIGSTORE_RS.image());
        ObjectNode unsignedDeployment = withImage(review("pepr__admission-create-deployment.json"),
                SIGSTORE_RS.repository() + "@sha256:" + "0".repeat(64));
        ObjectNode unchangedUpdate = review("pepr__admission-update-deployment.json");
        ObjectNode statusUpdate = review("kyverno_validation_test__admissionrequest-pod-status-update.json");

        JsonNode deniedTag = admit(post("/api/v1/admission").with(bearer(clusterToken)), tagOnly.toString());
        JsonNode allowedSigned = admit(post("/api/v1/admission").with(bearer(clusterToken)), signedDeployment.toString());
        JsonNode deniedUnsigned = admit(post("/api/v1/admission").param("cluster", cluster)
                .with(httpBasic(TestWorld.LEAD, TestWorld.PASSWORD)), unsignedDeployment.toString());

        assertValid(deniedTag, uid(tagOnly));
        assertThat(deniedTag.get("response").get("allowed").asBoolean()).isFalse();
        assertThat(deniedTag.get("response").get("status").get("code").asInt()).isEqualTo(403);
        assertThat(deniedTag.get("response").get("status").get("message").asString()).contains("hello-world:latest").contains("tag only");
        assertValid(allowedSigned, uid(signedDeployment));
        assertThat(allowedSigned.get("response").get("allowed").asBoolean()).as(allowedSigned.toString()).isTrue();
        assertThat(deniedUnsigned.get("response").get("allowed").asBoolean()).isFalse();
        assertThat(deniedUnsigned.get("response").get("status").get("message").asString()).contains("not signed");
        for (ObjectNode nothingNew : List.of(unchangedUpdate, statusUpdate)) {
            JsonNode answer = admit(post("/api/v1/admission").with(bearer(clusterToken)), nothingNew.toString());
            assertValid(answer, uid(nothingNew));
            assertThat(answer.get("response").get("allowed").asBoolean()).as("an update running no new image").isTrue();
        }
    }

    @Test
    void breakGlassAllowsWithWarningsAndIsAuditedUnlessADryRun() throws Exception {
        policy("signed " + environment, "hello-world*", "enforce");
        ObjectNode review = review("kyverno_validation_test__admissionrequest-pod-create.json");
        String reason = "INC-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt()) + " payment outage hotfix";
        ((ObjectNode) review.get("request").get("object").get("metadata").get("annotations")).put("keelwatch.io/break-glass", reason);
        ObjectNode dryRun = review.deepCopy();
        ((ObjectNode) dryRun.get("request")).put("dryRun", true);

        JsonNode dry = admit(post("/api/v1/admission").with(bearer(clusterToken)), dryRun.toString());
        assertThat(audited(reason)).as("a dry run writes nothing").isZero();
        JsonNode real = admit(post("/api/v1/admission").with(bearer(clusterToken)), review.toString());

        for (JsonNode answer : List.of(dry, real)) {
            assertValid(answer, uid(review));
            assertThat(answer.get("response").get("allowed").asBoolean()).isTrue();
            assertThat(answer.get("response").get("warnings").toString()).contains("break-glass").contains("tag only");
        }
        assertThat(audited(reason)).isEqualTo(1);
    }

    @Test
    void whatIsNoAdmissionReviewV1GetsARefusalThatIsStillAnAdmissionReview() throws Exception {
        String bare = Fixtures.text("k8s/kyverno_validation_test__admissionrequest-pod-create.json");
        ObjectNode beta = review("kyverno_validation_test__admissionrequest-pod-create.json");
        beta.put("apiVersion", "admission.k8s.io/v1beta1");
        ObjectNode noUid = review("kyverno_validation_test__admissionrequest-pod-create.json");
        ((ObjectNode) noUid.get("request")).remove("uid");

        JsonNode bareAnswer = admit(post("/api/v1/admission").with(bearer(clusterToken)), bare);
        JsonNode betaAnswer = admit(post("/api/v1/admission").with(bearer(clusterToken)), beta.toString());
        JsonNode noUidAnswer = admit(post("/api/v1/admission").with(bearer(clusterToken)), noUid.toString());
        JsonNode notJson = admit(post("/api/v1/admission").with(bearer(clusterToken)), "{\"apiVersion\": \u00ff");
        JsonNode noCluster = admit(post("/api/v1/admission").with(httpBasic(TestWorld.LEAD, TestWorld.PASSWORD)),
                review("kyverno_validation_test__admissionrequest-pod-create.json").toString());

        for (JsonNode answer : List.of(bareAnswer, betaAnswer, noUidAnswer, notJson, noCluster)) {
            assertThat(answer.get("kind").asString()).isEqualTo("AdmissionReview");
            assertThat(answer.get("response").get("allowed").asBoolean()).isFalse();
            assertThat(answer.get("response").get("status").get("code").asInt()).isEqualTo(400);
            assertThat(answer.get("response").get("status").get("message").asString()).startsWith("Keelwatch: ");
        }
        assertThat(betaAnswer.get("apiVersion").asString()).as("answered in the version asked").isEqualTo("admission.k8s.io/v1beta1");
        assertThat(betaAnswer.get("response").get("uid").asString()).isEqualTo(uid(beta));
        assertThat(bareAnswer.get("response").get("status").get("message").asString()).contains("AdmissionReview admission.k8s.io/v1");
        assertThat(noUidAnswer.get("response").get("status").get("message").asString()).contains("uid");
        assertThat(noCluster.get("response").get("status").get("message").asString()).contains("cluster");
        MockHttpServletResponse developer = mvc.perform(post("/api/v1/admission").param("cluster", cluster)
                .with(httpBasic(TestWorld.ALICE, TestWorld.PASSWORD)).contentType(MediaType.APPLICATION_JSON).content(bare))
                .andReturn().getResponse();
        assertThat(developer.getStatus()).as("developers do not answer for clusters").isEqualTo(403);
    }

    /** The sample as the API server sends it: an AdmissionReview v1 around the request (cloud-custodian's already is one). */
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

    private static ObjectNode withImage(ObjectNode review, String image) {
        JsonNode containers = review.get("request").get("object").get("spec").get("template").get("spec").get("containers");
        ((ObjectNode) containers.get(0)).put("image", image);
        return review;
    }

    private static String uid(ObjectNode review) {
        return review.get("request").get("uid").asString();
    }

    private JsonNode admit(MockHttpServletRequestBuilder request, String body) throws Exception {
        MockHttpServletResponse response = mvc.perform(request.contentType(MediaType.APPLICATION_JSON)
                .content(body.getBytes(StandardCharsets.UTF_8))).andReturn().getResponse();
        assertThat(response.getStatus()).as(response.getContentAsString()).isEqualTo(200);
        return json.readTree(response.getContentAsString(StandardCharsets.UTF_8));
    }

    private static void assertValid(JsonNode answer, String uid) {
        assertThat(answer.get("apiVersion").asString()).isEqualTo("admission.k8s.io/v1");
        assertThat(answer.get("kind").asString()).isEqualTo("AdmissionReview");
        JsonNode response = answer.get("response");
        assertThat(response.get("uid").asString()).isEqualTo(uid);
        assertThat(response.get("allowed").isBoolean()).isTrue();
        assertThat(response.get("status").get("code").asInt()).isIn(200, 403);
        assertThat(response.get("status").get("message").asString()).isNotBlank();
        if (response.has("warnings")) {
            response.get("warnings").forEach(w -> assertThat(w.asString().length()).isBetween(1, 120));
        }
    }

    private void policy(String name, String pattern, String mode) throws Exception {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", name);
        body.put("imagePattern", pattern);
        body.put("environments", List.of(environment));
        body.put("mode", mode);
        body.put("authorities", Map.of("anyTrustedSigner", true));
        assertThat(gate.post("/api/v1/gate/policies", TestWorld.LEAD, body).status()).isEqualTo(201);
    }

    private long audited(String reason) {
        return jdbc.sql("select count(*) from audit_event where action = 'admission.break_glass' and details::text like :reason")
                .param("reason", "%" + reason + "%").query(Long.class).single();
    }
}
