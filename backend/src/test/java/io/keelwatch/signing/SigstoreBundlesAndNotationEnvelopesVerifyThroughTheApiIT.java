package io.keelwatch.signing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import io.keelwatch.inventory.ProjectRef;
import io.keelwatch.signing.SigningCalls.Answer;
import io.keelwatch.testsupport.Fixtures;
import io.keelwatch.testsupport.KeelwatchIntegrationTest;
import io.keelwatch.testsupport.TestWorld;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import tools.jackson.databind.json.JsonMapper;

/**
 * Through {@code POST /api/v1/signatures}, with the trusted root and trust store an admin uploaded: sigstore-java's
 * real bundle over artifact.txt verifies for the identity a lead trusts for the project, is an untrusted signer for
 * another identity (and turns verified once the right one is trusted), invalid with a flipped byte of its artifact,
 * and untrusted again once the identity is revoked; an unreadable bundle is a 400. notation-go's JWS and COSE
 * envelopes verify with the TestTimestamp.crt trust store; its other envelope, by a CA not in the store, is an
 * untrusted signer. sigstore-rs's keyless cosign triple checks out but its 2021 certificate names no OIDC issuer,
 * so no stored identity (whose issuer is always named) can trust it.
 */
@KeelwatchIntegrationTest
class SigstoreBundlesAndNotationEnvelopesVerifyThroughTheApiIT {

    private static final String BUNDLES = "cosign/sigstore-java__bundles/";
    private static final String NOTATION = "cosign/notation/";
    private static final String KEYLESS = "cosign/sigstore-rs__signature_layers__fulcio-cert/";
    /** sha256 of artifact.txt: the blob, named as an image digest of a repository for it. */
    private static final String ARTIFACT = "sigstore-java/artifact@sha256:a0cfc71271d6e278e57cd332ff957c3f7043fdda354c4cbb190a30d56efa01bf";
    /** The image both timestamped Notation envelopes sign (their payload's targetArtifact). */
    private static final String NOTATION_IMAGE = "notation-go/timestamped@sha256:c0669ef34cdc14332c0f1ab0c2c01acb91d96014b172f1a76f3a39e63d1f0bda";
    private static final String NOTATION_OTHER = "notation-go/signed@sha256:19dbd2e48e921426ee8ace4dc892edfb2ecdc1d1a72d5416c83670c30acecef0";
    private static final String KEYLESS_IMAGE = "registry-testing.svc.lan/kubewarden/disallow-service-nodeport"
            + "@sha256:5f481572d088dc4023afb35fced9530ced3d9b03bf7299c6f492163cb9f0452e";
    private static final String GOOGLE = "https://accounts.google.com";

    @Autowired
    MockMvc mvc;
    @Autowired
    TestWorld world;
    @Autowired
    JdbcClient jdbc;

    private final JsonMapper json = JsonMapper.builder().build();
    private SigningCalls signing;
    private ProjectRef project;

    @BeforeEach
    void setUp() throws Exception {
        signing = new SigningCalls(mvc);
        project = world.alphaProject();
        Answer sigstore = signing.call(post("/api/v1/signing/trust-roots"), TestWorld.ADMIN,
                Map.of("kind", "sigstore", "name", "sigstore-java test root", "content", Fixtures.text(BUNDLES + "trusted_root.json")));
        assertThat(sigstore.status()).as(sigstore.body().toString()).isIn(200, 201);
        Answer notation = signing.call(post("/api/v1/signing/trust-roots"), TestWorld.ADMIN, Map.of("kind", "notation",
                "name", "notation-go TestTimestamp", "content", Fixtures.text(NOTATION + "notation-go__truststore-ca__TestTimestamp.crt")));
        assertThat(notation.status()).as(notation.body().toString()).isIn(200, 201);
    }

    @Test
    void theBundleVerifiesForTheIdentityTrustedForTheProjectAndNamesIt() throws Exception {
        long identity = trustIdentity("appu@google.com", false);

        Answer answer = signing.submit(TestWorld.ALICE, bundle("bundle.v3.sigstore", Fixtures.bytes(BUNDLES + "artifact.txt")));

        assertThat(answer.status()).as(answer.body().toString()).isEqualTo(201);
        assertThat(answer.body().get("reasons")).isEmpty();
        assertThat(answer.body().get("status").asString()).isEqualTo("verified");
        assertThat(answer.body().get("signer").asString()).isEqualTo("appu@google.com (https://accounts.google.com)");
        assertThat(answer.body().path("keyId").isMissingNode() || answer.body().get("keyId").isNull()).as("no key").isTrue();
        assertThat(identityOf(answer)).isEqualTo(identity);
        Answer status = signing.status(TestWorld.ALICE, answer.body().get("imageId").asLong(), project.slug());
        assertThat(status.body().get("status").asString()).isEqualTo("verified");
    }

    @Test
    void anotherIdentityIsAnUntrustedSignerUntilTheRightOneIsTrustedAndRevokingItUndoesThat() throws Exception {
        trustIdentity("someone@google.com", false);
        Answer answer = signing.submit(TestWorld.ALICE, bundle("bundle.v3.sigstore", null));
        assertThat(answer.status()).as(answer.body().toString()).isEqualTo(201);
        assertThat(answer.body().get("status").asString()).isEqualTo("untrusted_signer");
        assertThat(answer.body().get("reasons").get(0).asString()).contains("appu@google.com").contains("no trusted keyless identity");
        long imageId = answer.body().get("imageId").asLong();

        long appu = trustIdentity("^appu@google\\.com$", true);
        assertThat(signing.status(TestWorld.ALICE, imageId, project.slug()).body().get("status").asString()).isEqualTo("verified");
        assertThat(identityOf(answer)).isEqualTo(appu);

        Answer revoked = signing.call(post("/api/v1/signing/identities/" + appu + "/revoke"), TestWorld.LEAD, Map.of());
        assertThat(revoked.status()).as(revoked.body().toString()).isEqualTo(200);
        assertThat(signing.status(TestWorld.ALICE, imageId, project.slug()).body().get("status").asString()).isEqualTo("untrusted_signer");
    }

    @Test
    void aFlippedByteOfTheArtifactIsInvalidAndAnUnreadableBundleIsABadRequest() throws Exception {
        trustIdentity("appu@google.com", false);
        byte[] artifact = Fixtures.bytes(BUNDLES + "artifact.txt");
        artifact[10] ^= 1;

        Answer tampered = signing.submit(TestWorld.ALICE, bundle("bundle.v3.sigstore", artifact));
        Map<String, Object> unreadable = bundle("bundle.v3.sigstore", null);
        unreadable.put("bundle", Map.of("mediaType", "application/vnd.dev.sigstore.bundle+json;version=0.3"));
        Answer refused = signing.submit(TestWorld.ALICE, unreadable);

        assertThat(tampered.status()).as(tampered.body().toString()).isEqualTo(201);
        assertThat(tampered.body().get("status").asString()).isEqualTo("invalid");
        assertThat(tampered.body().get("reasons")).isNotEmpty();
        assertThat(refused.status()).as(refused.body().toString()).isEqualTo(400);
        assertThat(refused.body().get("type").asString()).isEqualTo("urn:keelwatch:problem:invalid-request");
        assertThat(refused.body().get("detail").asString()).startsWith("The signature material cannot be read");
    }

    @Test
    void notationJwsAndCoseEnvelopesVerifyWithTheUploadedTrustStore() throws Exception {
        Answer jws = signing.submit(TestWorld.ALICE, notation(NOTATION_IMAGE, "notation-go__jwsWithTimestamp.sig", "application/jose+json"));
        Answer cose = signing.submit(TestWorld.ALICE, notation(NOTATION_IMAGE, "notation-go__coseWithTimestamp.sig", null));
        Answer otherCa = signing.submit(TestWorld.ALICE, notation(NOTATION_OTHER, "notation-go__jws_signature.sig", null));
        Answer wrongImage = signing.submit(TestWorld.ALICE, notation(NOTATION_OTHER, "notation-go__jwsWithTimestamp.sig", null));

        for (Answer answer : List.of(jws, cose)) {
            assertThat(answer.status()).as(answer.body().toString()).isEqualTo(201);
            assertThat(answer.body().get("reasons")).isEmpty();
            assertThat(answer.body().get("status").asString()).isEqualTo("verified");
            assertThat(answer.body().get("signer").asString()).contains("CN=alpine");
        }
        assertThat(otherCa.body().get("status").asString()).isEqualTo("untrusted_signer");
        assertThat(otherCa.body().get("reasons").get(0).asString()).contains("trust store");
        assertThat(wrongImage.body().get("status").asString()).isEqualTo("invalid");
        Map<String, Object> notBase64 = notation(NOTATION_IMAGE, "notation-go__jwsWithTimestamp.sig", "text/plain");
        assertThat(signing.submit(TestWorld.ALICE, notBase64).status()).isEqualTo(400);
    }

    @Test
    void theKeylessCosignSignatureChecksOutButItsCertificateNamesNoIssuerAStoredIdentityCouldTrust() throws Exception {
        trustIdentity("castelli\\.me$", true);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("image", KEYLESS_IMAGE);
        body.put("project", project.slug());
        body.put("payload", Base64.getEncoder().encodeToString(Fixtures.bytes(KEYLESS + "payload.json")));
        body.put("signature", Fixtures.text(KEYLESS + "signature.b64").strip());
        body.put("certificate", Fixtures.text(KEYLESS + "cert.pem"));
        body.put("bundle", json.readTree(Fixtures.bytes(KEYLESS + "rekor-bundle.json")));

        Answer withBundle = signing.submit(TestWorld.ALICE, body);
        body.remove("bundle");
        Answer withoutBundle = signing.submit(TestWorld.ALICE, body);

        assertThat(withBundle.status()).as(withBundle.body().toString()).isEqualTo(201);
        assertThat(withBundle.body().get("status").asString()).isEqualTo("untrusted_signer");
        assertThat(withBundle.body().get("reasons").get(0).asString())
                .isEqualTo("Signed by flavio@castelli.me, which no trusted keyless identity matches.");
        assertThat(withoutBundle.body().get("status").asString()).isEqualTo("invalid");
    }

    private long trustIdentity(String subject, boolean regex) throws Exception {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("issuer", GOOGLE);
        body.put("subject", subject);
        body.put("subjectRegex", regex);
        body.put("scope", "project");
        body.put("project", project.slug());
        Answer answer = signing.call(post("/api/v1/signing/identities"), TestWorld.LEAD, body);
        assertThat(answer.status()).as(answer.body().toString()).isEqualTo(201);
        return answer.body().get("id").asLong();
    }

    private Long identityOf(Answer answer) {
        return jdbc.sql("select identity_id from image_signature where id = :id").param("id", answer.body().get("id").asLong())
                .query(Long.class).single();
    }

    private Map<String, Object> bundle(String file, byte[] artifact) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("image", ARTIFACT);
        body.put("project", project.slug());
        body.put("format", "sigstore-bundle");
        body.put("bundle", json.readTree(Fixtures.bytes(BUNDLES + file)));
        if (artifact != null) {
            body.put("artifact", Base64.getEncoder().encodeToString(artifact));
        }
        return body;
    }

    private Map<String, Object> notation(String image, String file, String mediaType) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("image", image);
        body.put("project", project.slug());
        body.put("format", "notation");
        body.put("envelope", Base64.getEncoder().encodeToString(Fixtures.bytes(NOTATION + file)));
        if (mediaType != null) {
            body.put("mediaType", mediaType);
        }
        return body;
    }
}
