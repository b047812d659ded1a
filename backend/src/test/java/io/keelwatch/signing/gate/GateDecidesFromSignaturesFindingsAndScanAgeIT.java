package io.keelwatch.signing.gate;

import static io.keelwatch.signing.SigningCalls.SIGSTORE_RS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.keelwatch.inventory.InventoryService;
import io.keelwatch.inventory.ProjectRef;
import io.keelwatch.signing.SigningCalls;
import io.keelwatch.signing.gate.GateCalls.Answer;
import io.keelwatch.testsupport.Fixtures;
import io.keelwatch.testsupport.KeelwatchIntegrationTest;
import io.keelwatch.testsupport.TestWorld;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The CI gate decides from what the database holds: a signature Keelwatch verified satisfies a policy's authorities,
 * a reported one (cosign verify output) or none does not; the real Trivy report's open critical with a fix, and its
 * 2021 scan, break the vulnerability rules — a warning under a warn policy (200), a deny once the policy enforces (403,
 * so {@code curl --fail} fails). Policies here apply only to an environment of the test's own, so no other test's gate
 * call meets them.
 */
@KeelwatchIntegrationTest
class GateDecidesFromSignaturesFindingsAndScanAgeIT {

    private static final String TCPCONNECT = "localhost:5000/tcpconnect@sha256:7a91c50d922925f152fec96ed1d84b7bc6b2079c169d68826f6cf307f22d40e6";

    @Autowired
    MockMvc mvc;
    @Autowired
    TestWorld world;
    @Autowired
    InventoryService inventory;

    private final JsonMapper json = JsonMapper.builder().build();
    private GateCalls gate;
    private ProjectRef project;
    private String environment;

    @BeforeEach
    void setUp() {
        gate = new GateCalls(mvc);
        project = world.alphaProject();
        environment = "gate-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
        inventory.createEnvironment(environment, world.admin());
    }

    @Test
    void aVerifiedSignatureSatisfiesThePolicyAnUnsignedDigestOrAReportedOneDoesNot() throws Exception {
        SigningCalls signing = new SigningCalls(mvc);
        signing.trustKey(TestWorld.LEAD, SIGSTORE_RS.publicKey(), "project", null, project.slug());
        assertThat(signing.submit(TestWorld.ALICE, SIGSTORE_RS.image(), project.slug(), SIGSTORE_RS.payload(), SIGSTORE_RS.signature(),
                null).body().get("status").asString()).isEqualTo("verified");
        assertThat(signing.submit(TestWorld.ALICE, Map.of("image", TCPCONNECT, "project", project.slug(), "format", "cosign-verify-output",
                "verifyOutput", json.readTree(Fixtures.text("cosign/cosign__README__verify-output-tcpconnect.json"))))
                .body().get("status").asString()).isEqualTo("reported");
        String name = "signed busybox " + environment;
        assertThat(createPolicy(name, SIGSTORE_RS.repository(), "enforce", Map.of("anyTrustedSigner", true), null).status()).isEqualTo(201);
        createPolicy("signed tcpconnect " + environment, "localhost:5000/tcpconnect*", "enforce", Map.of("anyTrustedSigner", true), null);

        Answer signed = gate.decide(TestWorld.ALICE, SIGSTORE_RS.repository() + ":latest@" + SIGSTORE_RS.digest(), environment);
        Answer unsigned = gate.decide(TestWorld.ALICE, SIGSTORE_RS.repository() + "@sha256:" + randomHex(), environment);
        Answer reported = gate.decide(TestWorld.ALICE, TCPCONNECT, environment);
        String other = environment + "-other";
        inventory.createEnvironment(other, world.admin());
        Answer elsewhere = gate.decide(TestWorld.ALICE, SIGSTORE_RS.repository() + "@sha256:" + randomHex(), other);

        assertThat(signed.status()).as(signed.body().toString()).isEqualTo(200);
        assertThat(signed.body().get("decision").asString()).isEqualTo("allow");
        assertThat(signed.body().get("matchedPolicies").toString()).contains(name);
        assertThat(signed.body().get("reasons")).isEmpty();
        assertThat(unsigned.status()).isEqualTo(403);
        assertThat(unsigned.body().get("decision").asString()).isEqualTo("deny");
        assertThat(reason(unsigned, "signature").get("detail").asString()).contains("not signed");
        assertThat(reason(unsigned, "signature").get("policy").asString()).isEqualTo(name);
        assertThat(reported.status()).isEqualTo(403);
        assertThat(reason(reported, "signature").get("detail").asString()).contains("only reported");
        assertThat(elsewhere.status()).as("the policies apply to the test's environment only").isEqualTo(200);
    }

    @Test
    void theRealReportsOpenFixableCriticalAndOldScanWarnUnderAWarnPolicyAndDenyOnceItEnforces() throws Exception {
        String repository = "registry.example/gate-" + project.slug() + "/app";
        String digest = "sha256:" + randomHex();
        mvc.perform(post("/api/v1/scans").param("project", project.slug()).contentType(MediaType.APPLICATION_JSON)
                        .content(withImage(Fixtures.bytes("trivy/debian-buster.json.golden"), repository, digest))
                        .with(httpBasic(TestWorld.ALICE, TestWorld.PASSWORD)))
                .andExpect(status().isCreated());
        Map<String, Object> rules = new LinkedHashMap<>();
        rules.put("maxSeverity", "high");
        rules.put("noFixableCriticalOlderThanDays", 0);
        rules.put("scannedWithinDays", 30);
        Answer policy = createPolicy("vulnerabilities " + environment, "registry.example/gate-" + project.slug() + "/*", "warn", null, rules);
        assertThat(policy.status()).as(policy.body().toString()).isEqualTo(201);
        assertThat(policy.body().get("vulnerabilities").get("maxSeverity").asString()).isEqualTo("HIGH");

        Answer warned = gate.decide(TestWorld.ALICE, repository + "@" + digest, environment);

        assertThat(warned.status()).as(warned.body().toString()).isEqualTo(200);
        assertThat(warned.body().get("decision").asString()).isEqualTo("warn");
        assertThat(rules(warned)).containsExactlyInAnyOrder("max-severity", "fixable-critical-age", "scanned-within");
        assertThat(reason(warned, "max-severity").get("detail").asString()).contains("1 CRITICAL");
        assertThat(reason(warned, "fixable-critical-age").get("detail").asString()).contains("CVE-");
        assertThat(reason(warned, "scanned-within").get("detail").asString()).contains("last scanned");

        Answer switched = gate.put("/api/v1/gate/policies/" + policy.body().get("id").asLong(), TestWorld.LEAD,
                policy("vulnerabilities " + environment, "registry.example/gate-" + project.slug() + "/*", "enforce", null, rules));
        assertThat(switched.status()).as(switched.body().toString()).isEqualTo(200);
        Answer denied = gate.decide(TestWorld.ALICE, repository + "@" + digest, environment);
        Answer neverScanned = gate.decide(TestWorld.ALICE, repository + "@sha256:" + randomHex(), environment);

        assertThat(denied.status()).isEqualTo(403);
        assertThat(denied.contentType()).startsWith(MediaType.APPLICATION_JSON_VALUE);
        assertThat(denied.body().get("decision").asString()).isEqualTo("deny");
        assertThat(denied.body().get("reasons").get(0).get("effect").asString()).isEqualTo("deny");
        assertThat(reason(neverScanned, "scanned-within").get("detail").asString()).contains("never scanned");
        assertThat(reason(neverScanned, "max-severity").get("detail").asString()).contains("never scanned");
    }

    @Test
    void theWouldDenyListNamesARunningImageAWarnPolicyWouldDeny() throws Exception {
        String repository = "registry.example/gate-running-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
        String digest = "sha256:" + randomHex();
        mvc.perform(post("/api/v1/scans").param("project", project.slug()).contentType(MediaType.APPLICATION_JSON)
                        .content(withImage(Fixtures.bytes("trivy/debian-buster.json.golden"), repository, digest))
                        .with(httpBasic(TestWorld.ALICE, TestWorld.PASSWORD)))
                .andExpect(status().isCreated());
        String cluster = environment + "-c";
        inventory.createCluster(cluster, environment, null, world.admin());
        ObjectNode pod = (ObjectNode) json.readTree(Fixtures.text("k8s/k9s_render_po.json"));
        ((ObjectNode) pod.path("metadata")).put("name", "shop-web-1").put("namespace", "shop");
        ((ObjectNode) pod.path("status").path("containerStatuses").get(0)).put("imageID", repository + "@" + digest);
        inventory.reportWorkloads(cluster, "shop", new java.io.ByteArrayInputStream(json.writeValueAsBytes(pod)),
                MediaType.APPLICATION_JSON_VALUE, world.admin());
        createPolicy("running " + environment, repository, "warn", null, Map.of("maxSeverity", "HIGH"));

        org.springframework.mock.web.MockHttpServletResponse response = mvc.perform(
                        org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get("/api/v1/gate/would-deny")
                                .param("environment", environment).with(httpBasic(TestWorld.LEAD, TestWorld.PASSWORD)))
                .andReturn().getResponse();

        assertThat(response.getStatus()).isEqualTo(200);
        JsonNode list = json.readTree(response.getContentAsString());
        assertThat(list).hasSize(1);
        assertThat(list.get(0).get("images").get(0).asString()).isEqualTo(repository + "@" + digest);
        assertThat(list.get(0).get("decision").asString()).isEqualTo("warn");
        assertThat(list.get(0).get("reasons").get(0).get("rule").asString()).isEqualTo("max-severity");
    }

    @Test
    void badRequestsAreProblemsOnlyLeadsWritePoliciesAndAnotherTeamsImageIsMissing() throws Exception {
        String repository = "registry.example/gate-private-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
        String digest = "sha256:" + randomHex();
        mvc.perform(post("/api/v1/scans").param("project", project.slug()).contentType(MediaType.APPLICATION_JSON)
                        .content(withImage(Fixtures.bytes("trivy/debian-buster.json.golden"), repository, digest))
                        .with(httpBasic(TestWorld.ALICE, TestWorld.PASSWORD)))
                .andExpect(status().isCreated());

        List<Answer> problems = List.of(
                gate.decide(TestWorld.ALICE, "nginx:latest", environment),
                gate.decide(TestWorld.ALICE, repository + "@" + digest, "no-such-environment"),
                createPolicy("bad mode " + environment, "x/*", "block", Map.of("anyTrustedSigner", true), null),
                createPolicy("no rules " + environment, "x/*", "warn", null, null),
                createPolicy("bad severity " + environment, "x/*", "warn", null, Map.of("maxSeverity", "CRITICAL")),
                gate.post("/api/v1/gate/policies", TestWorld.LEAD, "{\"name\":\"x\",\"environments\":\"prod\"}"),
                gate.post("/api/v1/gate", TestWorld.ALICE, "[1,2]"));
        for (Answer problem : problems) {
            assertThat(problem.status()).as(problem.body().toString()).isEqualTo(400);
            assertThat(problem.contentType()).startsWith(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        }
        Map<String, Object> policy = policy("by a developer " + environment, "x/*", "warn", Map.of("anyTrustedSigner", true), null);
        assertThat(gate.post("/api/v1/gate/policies", TestWorld.ALICE, policy).status()).isEqualTo(403);
        assertThat(gate.post("/api/v1/gate/policies", TestWorld.AUDITOR, policy).status()).isEqualTo(403);
        Answer missing = gate.decide(TestWorld.BOB, repository + "@" + digest, environment);
        assertThat(missing.status()).as("beta's developer does not see alpha's image").isEqualTo(404);
        assertThat(missing.body().toString()).doesNotContain(project.slug()).doesNotContain("CRITICAL");
    }

    private Answer createPolicy(String name, String pattern, String mode, Map<String, Object> authorities, Map<String, Object> rules)
            throws Exception {
        return gate.post("/api/v1/gate/policies", TestWorld.LEAD, policy(name, pattern, mode, authorities, rules));
    }

    private Map<String, Object> policy(String name, String pattern, String mode, Map<String, Object> authorities, Map<String, Object> rules) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", name);
        body.put("imagePattern", pattern);
        body.put("environments", List.of(environment));
        body.put("mode", mode);
        body.put("authorities", authorities);
        body.put("vulnerabilities", rules);
        return body;
    }

    private static JsonNode reason(Answer answer, String rule) {
        for (JsonNode reason : answer.body().get("reasons")) {
            if (reason.get("rule").asString().equals(rule)) {
                return reason;
            }
        }
        throw new AssertionError("no reason for rule " + rule + " in " + answer.body());
    }

    private static List<String> rules(Answer answer) {
        List<String> rules = new ArrayList<>();
        answer.body().get("reasons").forEach(r -> rules.add(r.get("rule").asString()));
        return rules;
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
