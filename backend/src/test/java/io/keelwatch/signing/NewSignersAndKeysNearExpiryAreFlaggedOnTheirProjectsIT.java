package io.keelwatch.signing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import io.keelwatch.inventory.ProjectRef;
import io.keelwatch.testsupport.KeelwatchIntegrationTest;
import io.keelwatch.testsupport.TestWorld;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The signer inventory's flags on a project's posture (the API, {@code /signing}, the project page's badge): a key that
 * signs for a project after another key did is a new signer there — the project's first signer is not — until it ages
 * out or is revoked; a trusted key expiring within the warning window flags the projects it signs for until it is
 * rotated or revoked. Another team's developer sees neither flag of alpha's projects, and gets 404 for them.
 */
@KeelwatchIntegrationTest
class NewSignersAndKeysNearExpiryAreFlaggedOnTheirProjectsIT {

    @Autowired
    MockMvc mvc;
    @Autowired
    TestWorld world;
    @Autowired
    JdbcClient jdbc;

    private final JsonMapper json = JsonMapper.builder().build();

    @Test
    void aSecondKeySigningForAProjectIsANewSignerThereUntilItAgesOutOrIsRevoked() throws Exception {
        ProjectRef project = world.alphaProject();
        ProjectRef betaProject = world.betaProject();
        CosignKey release = new CosignKey();
        CosignKey hotfix = new CosignKey();
        trust(release, "project", project.slug(), null, null);
        trust(hotfix, "project", project.slug(), null, null);
        trust(release, "project", betaProject.slug(), null, null);

        String first = submit(release, project.slug());
        submit(release, betaProject.slug());
        assertThat(flags(project.slug(), TestWorld.ALICE).get("newSigners")).as("the project's first signer is not new").isEmpty();

        String second = submit(hotfix, project.slug());
        submit(release, project.slug());
        List<JsonNode> fresh = list(flags(project.slug(), TestWorld.ALICE).get("newSigners"));
        assertThat(fresh).hasSize(1);
        assertThat(fresh.get(0).get("project").asString()).isEqualTo(project.slug());
        assertThat(fresh.get(0).get("kind").asString()).isEqualTo("key");
        assertThat(fresh.get(0).get("signer").asString()).isEqualTo(hotfix.fingerprint);
        assertThat(fresh.get(0).get("image").asString()).isEqualTo(second).isNotEqualTo(first);
        assertThat(fresh.get(0).get("firstSeen").asString()).isNotBlank();
        assertThat(page("/signing/projects/" + project.slug() + "/badge", TestWorld.ALICE))
                .contains("data-testid=\"project-new-signer\"").contains("data-signer=\"" + hotfix.fingerprint + "\"");
        assertThat(page("/signing", TestWorld.ALICE))
                .contains("data-project=\"" + project.slug() + "\" data-signer=\"" + hotfix.fingerprint + "\"");

        assertThat(flags(betaProject.slug(), TestWorld.BOB).get("newSigners")).as("beta's project has one signer").isEmpty();
        assertThat(page("/signing/projects/" + betaProject.slug() + "/badge", TestWorld.BOB)).doesNotContain("project-new-signer");
        assertThat(list(flags(null, TestWorld.BOB).get("newSigners")))
                .as("beta's developer sees no flag of alpha's projects").noneMatch(n -> n.get("project").asString().equals(project.slug()));
        assertThat(page("/signing", TestWorld.BOB)).doesNotContain("data-project=\"" + project.slug() + "\"");
        assertThat(status("/api/v1/signing/signer-flags?project=" + project.slug(), TestWorld.BOB)).isEqualTo(404);

        // a fortnight later the hotfix key is no longer new; a third key signing now is
        jdbc.sql("update image_signature set submitted_at = submitted_at - interval '15 days' where project_id = :p")
                .param("p", project.id()).update();
        assertThat(flags(project.slug(), TestWorld.ALICE).get("newSigners")).as("aged out").isEmpty();
        CosignKey third = new CosignKey();
        long thirdId = trust(third, "project", project.slug(), null, null);
        submit(third, project.slug());
        assertThat(list(flags(project.slug(), TestWorld.ALICE).get("newSigners"))).extracting(n -> n.get("signer").asString())
                .containsExactly(third.fingerprint);

        assertThat(new SigningCalls(mvc).revokeKey(TestWorld.LEAD, thirdId).status()).isEqualTo(200);
        assertThat(flags(project.slug(), TestWorld.ALICE).get("newSigners")).as("a revoked key verifies nothing").isEmpty();
    }

    @Test
    void aKeyNearItsExpiryFlagsTheProjectsItSignsForUntilItIsRotated() throws Exception {
        ProjectRef project = world.alphaProject();
        ProjectRef betaProject = world.betaProject();
        CosignKey expiring = new CosignKey();
        CosignKey lasting = new CosignKey();
        long expiringId = trust(expiring, "project", project.slug(), null, Instant.now().plus(Duration.ofDays(10)));
        trust(lasting, "project", project.slug(), null, Instant.now().plus(Duration.ofDays(90)));
        CosignKey global = new CosignKey();
        trust(global, "global", null, null, Instant.now().plus(Duration.ofDays(5)));
        submit(global, project.slug());
        CosignKey betaTeam = new CosignKey();
        trust(betaTeam, "team", null, "beta", Instant.now().plus(Duration.ofDays(20)));

        // keys other tests trust for every alpha project may be near their expiry too: only this test's are looked at
        List<String> mine = List.of(expiring.fingerprint, lasting.fingerprint, global.fingerprint, betaTeam.fingerprint);
        List<JsonNode> expiringForAlpha = list(flags(project.slug(), TestWorld.ALICE).get("keysNearExpiry")).stream()
                .filter(k -> mine.contains(k.get("fingerprint").asString())).toList();
        assertThat(expiringForAlpha).as("soonest first").extracting(k -> k.get("fingerprint").asString())
                .containsExactly(global.fingerprint, expiring.fingerprint);
        JsonNode key = expiringForAlpha.get(1);
        assertThat(key.get("keyId").asLong()).isEqualTo(expiringId);
        assertThat(key.get("daysLeft").asLong()).isBetween(9L, 10L);
        assertThat(list(key.get("projects"))).extracting(JsonNode::asString).containsExactly(project.slug());
        assertThat(list(expiringForAlpha.get(0).get("projects"))).as("a global key flags the projects it signed for")
                .extracting(JsonNode::asString).containsExactly(project.slug());
        assertThat(page("/signing/projects/" + project.slug() + "/badge", TestWorld.ALICE))
                .contains("data-testid=\"project-key-near-expiry\"").contains("data-fingerprint=\"" + expiring.fingerprint + "\"")
                .doesNotContain(lasting.fingerprint).doesNotContain(betaTeam.fingerprint);
        assertThat(page("/signing", TestWorld.ALICE)).contains("data-key-id=\"" + expiringId + "\" data-fingerprint=\"" + expiring.fingerprint)
                .contains("data-testid=\"key-near-expiry\"");

        List<JsonNode> expiringForBeta = list(flags(betaProject.slug(), TestWorld.BOB).get("keysNearExpiry"));
        assertThat(expiringForBeta).extracting(k -> k.get("fingerprint").asString()).contains(betaTeam.fingerprint)
                .doesNotContain(expiring.fingerprint, global.fingerprint);
        List<JsonNode> bobSees = list(flags(null, TestWorld.BOB).get("keysNearExpiry"));
        assertThat(bobSees).extracting(k -> k.get("fingerprint").asString()).doesNotContain(expiring.fingerprint);
        assertThat(bobSees).filteredOn(k -> k.get("fingerprint").asString().equals(global.fingerprint)).singleElement()
                .satisfies(k -> assertThat(k.get("projects")).as("not alpha's project").isEmpty());
        assertThat(page("/signing/projects/" + betaProject.slug() + "/badge", TestWorld.BOB))
                .contains(betaTeam.fingerprint).doesNotContain(expiring.fingerprint);

        CosignKey successor = new CosignKey();
        Map<String, Object> rotation = keyBody(successor, "project", project.slug(), null, null);
        rotation.put("replaces", expiringId);
        assertThat(new SigningCalls(mvc).call(post("/api/v1/signing/keys"), TestWorld.LEAD, rotation).status()).isEqualTo(201);
        assertThat(list(flags(project.slug(), TestWorld.ALICE).get("keysNearExpiry"))).as("rotated")
                .extracting(k -> k.get("fingerprint").asString()).contains(global.fingerprint).doesNotContain(expiring.fingerprint);
        assertThat(page("/signing/projects/" + project.slug() + "/badge", TestWorld.ALICE)).doesNotContain(expiring.fingerprint);
    }

    /** An ECDSA P-256 key as {@code cosign generate-key-pair} makes, signing simple-signing payloads as {@code cosign sign}. */
    private static final class CosignKey {

        final KeyPair pair;
        final String pem;
        final String fingerprint;

        CosignKey() throws Exception {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            pair = generator.generateKeyPair();
            pem = "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                    .encodeToString(pair.getPublic().getEncoded()) + "\n-----END PUBLIC KEY-----\n";
            fingerprint = "SHA256:" + Base64.getEncoder().withoutPadding().encodeToString(
                    java.security.MessageDigest.getInstance("SHA-256").digest(pair.getPublic().getEncoded()));
        }

        byte[] payload(String repository, String digest) {
            return ("{\"critical\":{\"identity\":{\"docker-reference\":\"" + repository + "\"},\"image\":{\"docker-manifest-digest\":\""
                    + digest + "\"},\"type\":\"cosign container image signature\"},\"optional\":null}").getBytes(StandardCharsets.UTF_8);
        }

        String sign(byte[] payload) throws Exception {
            Signature signer = Signature.getInstance("SHA256withECDSA");
            signer.initSign(pair.getPrivate());
            signer.update(payload);
            return Base64.getEncoder().encodeToString(signer.sign());
        }
    }

    /** The lead (the admin for a global key) trusts the key; its id. */
    private long trust(CosignKey key, String scope, String project, String team, Instant expiresAt) throws Exception {
        SigningCalls.Answer answer = new SigningCalls(mvc).call(post("/api/v1/signing/keys"), scope.equals("global") ? TestWorld.ADMIN
                : TestWorld.LEAD, keyBody(key, scope, project, team, expiresAt));
        assertThat(answer.status()).as(answer.body().toString()).isEqualTo(201);
        return answer.body().get("id").asLong();
    }

    private static Map<String, Object> keyBody(CosignKey key, String scope, String project, String team, Instant expiresAt) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", "signer " + key.fingerprint.substring(7, 15));
        body.put("publicKey", key.pem);
        body.put("scope", scope);
        body.put("project", project);
        body.put("team", team);
        body.put("expiresAt", expiresAt == null ? null : expiresAt.toString());
        return body;
    }

    /** A new image of the project signed by the key, submitted as the lead: verified. Its repository@digest. */
    private String submit(CosignKey key, String project) throws Exception {
        String repository = "registry.example/signed-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
        String digest = "sha256:" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong()).repeat(4);
        byte[] payload = key.payload(repository, digest);
        SigningCalls.Answer answer = new SigningCalls(mvc).submit(TestWorld.LEAD, repository + "@" + digest, project, payload,
                key.sign(payload), null);
        assertThat(answer.body().get("status").asString()).as(answer.body().toString()).isEqualTo("verified");
        return repository + "@" + digest;
    }

    private JsonNode flags(String project, String user) throws Exception {
        MockHttpServletResponse response = mvc.perform(get("/api/v1/signing/signer-flags" + (project == null ? "" : "?project=" + project))
                .with(httpBasic(user, TestWorld.PASSWORD))).andReturn().getResponse();
        assertThat(response.getStatus()).as(response.getContentAsString()).isEqualTo(200);
        return json.readTree(response.getContentAsString(StandardCharsets.UTF_8));
    }

    private int status(String path, String user) throws Exception {
        return mvc.perform(get(path).with(httpBasic(user, TestWorld.PASSWORD))).andReturn().getResponse().getStatus();
    }

    /** A page as a signed-in developer sees it (pages take sessions, not HTTP Basic). */
    private String page(String path, String developer) throws Exception {
        MockHttpServletResponse response = mvc.perform(get(path).with(user(developer).roles("DEVELOPER"))).andReturn().getResponse();
        assertThat(response.getStatus()).isEqualTo(200);
        return response.getContentAsString(StandardCharsets.UTF_8);
    }

    private static List<JsonNode> list(JsonNode array) {
        List<JsonNode> items = new ArrayList<>();
        array.forEach(items::add);
        return items;
    }
}
