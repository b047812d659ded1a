package io.keelwatch.signing.gate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.keelwatch.inventory.InventoryService;
import io.keelwatch.inventory.ProjectRef;
import io.keelwatch.signing.gate.GateCalls.Answer;
import io.keelwatch.testsupport.Fixtures;
import io.keelwatch.testsupport.KeelwatchIntegrationTest;
import io.keelwatch.testsupport.TestWorld;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A gate rule is waived through the one exception mechanism: a developer proposes a waiver of the max-severity rule for
 * the project's image, the deny stands while it is only proposed, turns into allow once a lead approves it (the broken
 * rule still reported, marked waived with the exception's id), and comes back when the waiver expires.
 */
@KeelwatchIntegrationTest
class AGateRuleWaiverAllowsOnlyWhileApprovedAndUnexpiredIT {

    @Autowired
    MockMvc mvc;
    @Autowired
    TestWorld world;
    @Autowired
    InventoryService inventory;

    private final JsonMapper json = JsonMapper.builder().build();

    @Test
    void aDenyTurnsIntoAllowOnceTheWaiverIsApprovedAndComesBackAfterItsExpiry() throws Exception {
        GateCalls gate = new GateCalls(mvc);
        ProjectRef project = world.alphaProject();
        String environment = "waiver-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
        inventory.createEnvironment(environment, world.admin());
        String repository = "registry.example/waiver-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt()) + "/app";
        String digest = "sha256:" + randomHex();
        mvc.perform(post("/api/v1/scans").param("project", project.slug()).contentType(MediaType.APPLICATION_JSON)
                        .content(withImage(Fixtures.bytes("trivy/debian-buster.json.golden"), repository, digest))
                        .with(httpBasic(TestWorld.ALICE, TestWorld.PASSWORD)))
                .andExpect(status().isCreated());
        Map<String, Object> policy = new LinkedHashMap<>();
        policy.put("name", "no criticals " + environment);
        policy.put("imagePattern", repository);
        policy.put("environments", List.of(environment));
        policy.put("mode", "enforce");
        policy.put("vulnerabilities", Map.of("maxSeverity", "HIGH"));
        assertThat(gate.post("/api/v1/gate/policies", TestWorld.LEAD, policy).status()).isEqualTo(201);
        assertThat(gate.decide(TestWorld.ALICE, repository + "@" + digest, environment).status()).isEqualTo(403);

        OffsetDateTime expiry = Instant.now().plus(Duration.ofSeconds(8)).atOffset(ZoneOffset.UTC);
        Answer proposed = gate.post("/api/v1/exceptions/gate-waivers", TestWorld.ALICE, waiver(project.slug(), "max-severity",
                repository, expiry));
        assertThat(proposed.status()).as(proposed.body().toString()).isEqualTo(201);
        long id = proposed.body().get("id").asLong();
        assertThat(proposed.body().get("gateWaiver").get("imagePattern").asString()).isEqualTo(repository);

        Answer whileProposed = gate.decide(TestWorld.ALICE, repository + "@" + digest, environment);
        assertThat(whileProposed.status()).as("a proposal waives nothing").isEqualTo(403);
        assertThat(reason(whileProposed).get("waived").asBoolean()).isFalse();

        assertThat(gate.post("/api/v1/exceptions/" + id + "/approve", TestWorld.LEAD, Map.of()).status()).isEqualTo(200);
        Answer approved = gate.decide(TestWorld.ALICE, repository + "@" + digest, environment);
        Answer otherDigest = gate.decide(TestWorld.ALICE, repository + "@sha256:" + randomHex(), environment);

        assertThat(approved.status()).as(approved.body().toString()).isEqualTo(200);
        assertThat(approved.body().get("decision").asString()).isEqualTo("allow");
        JsonNode waived = reason(approved);
        assertThat(waived.get("waived").asBoolean()).as("reported, not dropped").isTrue();
        assertThat(waived.get("exceptionId").asLong()).isEqualTo(id);
        assertThat(waived.get("detail").asString()).contains("CRITICAL");
        assertThat(otherDigest.status()).as("an image the project holds no record of is not the project's to waive")
                .isEqualTo(403);
        String page = mvc.perform(get("/exceptions/" + id).with(user(TestWorld.LEAD).roles("SECURITY_LEAD")))
                .andReturn().getResponse().getContentAsString();
        assertThat(page).contains("data-testid=\"waiver-rule\"").contains("max-severity").contains(repository)
                .contains("data-testid=\"waiver-effect\"").doesNotContain("data-testid=\"covered-heading\"");
        String list = mvc.perform(get("/exceptions").param("project", project.slug())
                        .with(user(TestWorld.LEAD).roles("SECURITY_LEAD")))
                .andReturn().getResponse().getContentAsString();
        assertThat(list).contains("data-exception=\"" + id + "\"").contains("data-testid=\"waiver-badge\"");

        Thread.sleep(Math.max(0, Duration.between(Instant.now(), expiry.toInstant()).toMillis() + 500));
        Answer expired = gate.decide(TestWorld.ALICE, repository + "@" + digest, environment);
        assertThat(expired.status()).as(expired.body().toString()).isEqualTo(403);
        assertThat(reason(expired).get("waived").asBoolean()).isFalse();
    }

    @Test
    void aWaiverNamesAGateRuleAndAnExpiryAndAnotherTeamsProjectIsMissing() throws Exception {
        GateCalls gate = new GateCalls(mvc);
        String project = world.alphaProject().slug();
        OffsetDateTime expiry = OffsetDateTime.now().plusDays(7);
        List<Answer> problems = List.of(
                gate.post("/api/v1/exceptions/gate-waivers", TestWorld.ALICE, waiver(project, "digest", null, expiry)),
                gate.post("/api/v1/exceptions/gate-waivers", TestWorld.ALICE, waiver(project, "signature", null, null)),
                gate.post("/api/v1/exceptions/gate-waivers", TestWorld.ALICE,
                        Map.of("project", project, "rule", "signature", "imageDigest", "latest", "kind", "risk_accepted",
                                "justification", "x", "expiresAt", expiry.toString())));
        for (Answer problem : problems) {
            assertThat(problem.status()).as(problem.body().toString()).isEqualTo(400);
            assertThat(problem.contentType()).startsWith(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        }
        assertThat(gate.post("/api/v1/exceptions/gate-waivers", TestWorld.BOB, waiver(project, "signature", null, expiry)).status())
                .isEqualTo(404);
    }

    private static Map<String, Object> waiver(String project, String rule, String image, OffsetDateTime expiry) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("project", project);
        body.put("rule", rule);
        body.put("imagePattern", image);
        body.put("kind", "risk_accepted");
        body.put("justification", "Base image rebuild is scheduled; the critical is not reachable.");
        body.put("expiresAt", expiry == null ? null : expiry.toString());
        return body;
    }

    private static JsonNode reason(Answer answer) {
        for (JsonNode reason : answer.body().get("reasons")) {
            if (reason.get("rule").asString().equals("max-severity")) {
                return reason;
            }
        }
        throw new AssertionError("no max-severity reason in " + answer.body());
    }

    private byte[] withImage(byte[] report, String repository, String digest) {
        ObjectNode root = (ObjectNode) json.readTree(report);
        root.put("ArtifactName", repository + ":1.0");
        ObjectNode metadata = (ObjectNode) root.get("Metadata");
        metadata.putArray("RepoDigests").add(repository + "@" + digest);
        metadata.putArray("RepoTags").add(repository + ":1.0");
        return json.writeValueAsBytes(root);
    }

    private static String randomHex() {
        byte[] bytes = new byte[32];
        ThreadLocalRandom.current().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
