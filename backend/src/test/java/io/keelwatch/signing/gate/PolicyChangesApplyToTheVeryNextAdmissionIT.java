package io.keelwatch.signing.gate;

import static io.keelwatch.testsupport.Bearer.bearer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import io.keelwatch.inventory.InventoryService;
import io.keelwatch.testsupport.Fixtures;
import io.keelwatch.testsupport.KeelwatchIntegrationTest;
import io.keelwatch.testsupport.TestWorld;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The gate keeps its policies in memory, yet a policy created, replaced or deleted through the API decides the very
 * next admission: a webhook that has just let a Pod in denies it once an enforcing policy exists, warns once it only
 * warns, and lets it in again once it is gone.
 */
@KeelwatchIntegrationTest
class PolicyChangesApplyToTheVeryNextAdmissionIT {

    @Autowired
    MockMvc mvc;
    @Autowired
    TestWorld world;
    @Autowired
    InventoryService inventory;

    private final JsonMapper json = JsonMapper.builder().build();

    @Test
    void aCreatedReplacedAndDeletedPolicyDecidesTheNextReview() throws Exception {
        GateCalls gate = new GateCalls(mvc);
        String cluster = world.newCluster("policy-change");
        String environment = cluster;
        String secret = gate.webhookToken(cluster);
        byte[] pod = Fixtures.text("k8s/cloud-custodian__controllermode.rst__admissionreview-v1-pod-create.json")
                .getBytes(StandardCharsets.UTF_8);

        assertThat(review(secret, pod).get("allowed").asBoolean()).as("no policy for this environment yet").isTrue();

        Map<String, Object> policy = new LinkedHashMap<>();
        policy.put("name", "signed " + environment);
        policy.put("imagePattern", "*");
        policy.put("environments", List.of(environment));
        policy.put("mode", "enforce");
        policy.put("authorities", Map.of("anyTrustedSigner", true));
        GateCalls.Answer created = gate.post("/api/v1/gate/policies", TestWorld.LEAD, policy);
        assertThat(created.status()).as(created.body().toString()).isEqualTo(201);
        String path = "/api/v1/gate/policies/" + created.body().get("id").asLong();
        assertThat(review(secret, pod).get("allowed").asBoolean()).as("denied as soon as the policy enforces").isFalse();

        policy.put("mode", "warn");
        assertThat(gate.put(path, TestWorld.LEAD, policy).status()).isEqualTo(200);
        JsonNode warned = review(secret, pod);
        assertThat(warned.get("allowed").asBoolean()).as("let in as soon as it only warns").isTrue();
        assertThat(warned.get("warnings").toString()).contains("signed " + environment + "/");

        assertThat(gate.delete(path, TestWorld.LEAD).status()).isEqualTo(204);
        JsonNode allowed = review(secret, pod);
        assertThat(allowed.get("allowed").asBoolean()).isTrue();
        assertThat(allowed.has("warnings")).as("the deleted policy no longer warns").isFalse();
    }

    /** The AdmissionReview's response. */
    private JsonNode review(String token, byte[] body) throws Exception {
        MockHttpServletResponse response = mvc.perform(post("/api/v1/admission").with(bearer(token))
                .contentType(MediaType.APPLICATION_JSON).content(body)).andReturn().getResponse();
        assertThat(response.getStatus()).as(response.getContentAsString()).isEqualTo(200);
        return json.readTree(response.getContentAsString(StandardCharsets.UTF_8)).get("response");
    }
}
