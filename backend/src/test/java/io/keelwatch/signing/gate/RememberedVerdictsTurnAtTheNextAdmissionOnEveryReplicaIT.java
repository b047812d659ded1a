package io.keelwatch.signing.gate;

import static io.keelwatch.signing.SigningCalls.SIGSTORE_RS;
import static io.keelwatch.testsupport.Bearer.bearer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import io.keelwatch.KeelwatchApplication;
import io.keelwatch.inventory.InventoryService;
import io.keelwatch.inventory.ProjectRef;
import io.keelwatch.signing.SigningCalls;
import io.keelwatch.testsupport.Fixtures;
import io.keelwatch.testsupport.KeelwatchIntegrationTest;
import io.keelwatch.testsupport.TestWorld;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The gate remembers each image's verdict, yet a change made through the API on the other replica decides this
 * replica's very next admission: an allowed image is denied once a report with a critical is imported there, allowed
 * again once a lead approves a waiver there, only warned about once the policy is switched to warn there; a signed
 * image is denied once its key is revoked there. Each change comes after the same review was answered from memory.
 */
@KeelwatchIntegrationTest
class RememberedVerdictsTurnAtTheNextAdmissionOnEveryReplicaIT {

    @Autowired
    MockMvc mvc;
    @Autowired
    TestWorld world;
    @Autowired
    InventoryService inventory;
    @Autowired
    MeterRegistry meters;
    @Value("${spring.datasource.url}")
    String databaseUrl;

    private final JsonMapper json = JsonMapper.builder().build();
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void findingsWaiversPoliciesAndRevokedKeysTurnTheNextDecisionOnTheOtherReplica() throws Exception {
        GateCalls gate = new GateCalls(mvc);
        SigningCalls signing = new SigningCalls(mvc);
        ProjectRef project = world.alphaProject();
        String environment = world.newCluster("remembered");
        String webhook = gate.webhookToken(environment);

        String repository = "registry.example/" + environment + "/app";
        String image = repository + "@sha256:" + randomHex();
        assertThat(importScan(null, project, "trivy/centos-7.json.golden", image)).isEqualTo(201);
        Map<String, Object> policy = new LinkedHashMap<>();
        policy.put("name", "no criticals " + environment);
        policy.put("imagePattern", repository);
        policy.put("environments", List.of(environment));
        policy.put("mode", "enforce");
        policy.put("vulnerabilities", Map.of("maxSeverity", "HIGH"));
        GateCalls.Answer created = gate.post("/api/v1/gate/policies", TestWorld.LEAD, policy);
        assertThat(created.status()).as(created.body().toString()).isEqualTo(201);

        SigningCalls.Answer key = signing.trustKey(TestWorld.LEAD, SIGSTORE_RS.publicKey(), "project", null, project.slug());
        assertThat(key.status()).as(key.body().toString()).isEqualTo(201);
        long keyId = key.body().get("id").asLong();
        assertThat(signing.submit(TestWorld.ALICE, SIGSTORE_RS.image(), project.slug(), SIGSTORE_RS.payload(),
                SIGSTORE_RS.signature(), null).body().get("status").asString()).isEqualTo("verified");
        GateCalls.Answer signedPolicy = gate.post("/api/v1/gate/policies", TestWorld.LEAD, Map.of("name", "signed " + environment,
                "imagePattern", SIGSTORE_RS.repository(), "environments", List.of(environment), "mode", "enforce",
                "authorities", Map.of("anyTrustedSigner", true)));
        assertThat(signedPolicy.status()).as(signedPolicy.body().toString()).isEqualTo(201);

        try (ConfigurableApplicationContext second = new SpringApplicationBuilder(KeelwatchApplication.class)
                .properties("spring.datasource.url=" + databaseUrl, "server.port=0", "spring.main.banner-mode=off")
                .run()) {
            String other = "http://127.0.0.1:" + ((WebServerApplicationContext) second).getWebServer().getPort();

            assertRemembered(webhook, image, true);
            assertThat(importScan(other, project, "trivy/debian-buster.json.golden", image)).isEqualTo(201);
            JsonNode critical = review(webhook, image);
            assertThat(critical.get("allowed").asBoolean()).as("denied once the other replica imported a critical").isFalse();
            assertThat(critical.get("status").get("message").asString()).contains("max-severity").contains("CRITICAL");

            assertRemembered(webhook, image, false);
            HttpResponse<String> proposed = call(other, "POST", "/api/v1/exceptions/gate-waivers", TestWorld.ALICE, Map.of(
                    "project", project.slug(), "rule", "max-severity", "imagePattern", repository, "kind", "risk_accepted",
                    "justification", "The critical is not reachable; the rebuild is scheduled.",
                    "expiresAt", OffsetDateTime.now().plusDays(7).toString()));
            assertThat(proposed.statusCode()).as(proposed.body()).isEqualTo(201);
            long waiver = json.readTree(proposed.body()).get("id").asLong();
            assertRemembered(webhook, image, false);
            assertThat(call(other, "POST", "/api/v1/exceptions/" + waiver + "/approve", TestWorld.LEAD, Map.of()).statusCode())
                    .isEqualTo(200);
            JsonNode waived = review(webhook, image);
            assertThat(waived.get("allowed").asBoolean()).as("allowed once the other replica approved the waiver").isTrue();
            assertThat(waived.get("warnings").toString()).contains("waived (exception " + waiver + ")");

            assertRemembered(webhook, image, true);
            assertThat(call(other, "POST", "/api/v1/exceptions/" + waiver + "/revoke", TestWorld.LEAD, Map.of("comment", "rebuilt"))
                    .statusCode()).isBetween(200, 299);
            assertThat(review(webhook, image).get("allowed").asBoolean()).as("denied again once the waiver is revoked").isFalse();
            policy.put("mode", "warn");
            assertThat(call(other, "PUT", "/api/v1/gate/policies/" + created.body().get("id").asLong(), TestWorld.LEAD, policy)
                    .statusCode()).isEqualTo(200);
            JsonNode warned = review(webhook, image);
            assertThat(warned.get("allowed").asBoolean()).as("let in once the other replica made the policy warn").isTrue();
            assertThat(warned.get("warnings").toString()).contains("no criticals " + environment + "/max-severity");

            assertRemembered(webhook, SIGSTORE_RS.image(), true);
            HttpResponse<String> revoked = call(other, "POST", "/api/v1/signing/keys/" + keyId + "/revoke", TestWorld.LEAD,
                    Map.of("reason", "leaked"));
            assertThat(revoked.statusCode()).as(revoked.body()).isEqualTo(200);
            JsonNode unsigned = review(webhook, SIGSTORE_RS.image());
            assertThat(unsigned.get("allowed").asBoolean()).as("denied once the other replica revoked the signing key").isFalse();
            assertThat(unsigned.get("status").get("message").asString()).contains("signature");
        }
    }

    /** The review answered as {@code allowed} twice, the second time from this replica's memory. */
    private void assertRemembered(String webhook, String image, boolean allowed) throws Exception {
        assertThat(review(webhook, image).get("allowed").asBoolean()).isEqualTo(allowed);
        double before = fromMemory();
        assertThat(review(webhook, image).get("allowed").asBoolean()).isEqualTo(allowed);
        assertThat(fromMemory()).as("the same review again is answered from memory").isEqualTo(before + 1);
    }

    private double fromMemory() {
        Counter counter = meters.find("keelwatch.gate.verdicts").tag("from", "memory").counter();
        return counter == null ? 0 : counter.count();
    }

    /** This replica's AdmissionReview response for a Pod running the image. */
    private JsonNode review(String token, String image) throws Exception {
        String pod = """
                {"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":{"uid":"%s",
                 "kind":{"group":"","version":"v1","kind":"Pod"},"namespace":"shop","operation":"CREATE","name":"web-1",
                 "userInfo":{"username":"system:serviceaccount:kube-system:replicaset-controller"},
                 "object":{"apiVersion":"v1","kind":"Pod","metadata":{"name":"web-1","namespace":"shop"},
                  "spec":{"containers":[{"name":"app","image":"%s"}]}},"oldObject":null,"dryRun":true}}
                """.formatted(randomHex(), image);
        MockHttpServletResponse response = mvc.perform(post("/api/v1/admission").with(bearer(token))
                .contentType(MediaType.APPLICATION_JSON).content(pod)).andReturn().getResponse();
        assertThat(response.getStatus()).as(response.getContentAsString()).isEqualTo(200);
        return json.readTree(response.getContentAsString(StandardCharsets.UTF_8)).get("response");
    }

    /** Imports the report as ALICE, filed under the image: on this replica when {@code base} is null, else over HTTP. */
    private int importScan(String base, ProjectRef project, String report, String image) throws Exception {
        ObjectNode root = (ObjectNode) json.readTree(Fixtures.bytes(report));
        String repository = image.substring(0, image.indexOf('@'));
        root.put("ArtifactName", repository + ":1.0");
        ObjectNode metadata = (ObjectNode) root.get("Metadata");
        metadata.putArray("RepoDigests").add(image);
        metadata.putArray("RepoTags").add(repository + ":1.0");
        byte[] body = json.writeValueAsBytes(root);
        if (base == null) {
            return mvc.perform(post("/api/v1/scans").param("project", project.slug()).contentType(MediaType.APPLICATION_JSON)
                    .content(body).with(httpBasic(TestWorld.ALICE, TestWorld.PASSWORD))).andReturn().getResponse().getStatus();
        }
        return http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/scans?project=" + project.slug()))
                .header("Authorization", basic(TestWorld.ALICE)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    /** A JSON call to the other replica, as {@code user} with HTTP Basic. */
    private HttpResponse<String> call(String base, String method, String path, String user, Object body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", basic(user))
                .header("Content-Type", "application/json").header("Accept", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body))).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String basic(String user) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + TestWorld.PASSWORD).getBytes(StandardCharsets.UTF_8));
    }

    private static String randomHex() {
        byte[] bytes = new byte[32];
        ThreadLocalRandom.current().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
