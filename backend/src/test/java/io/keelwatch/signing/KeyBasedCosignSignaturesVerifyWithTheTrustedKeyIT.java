package io.keelwatch.signing;

import static io.keelwatch.signing.SigningCalls.CONTAINERS_IMAGE;
import static io.keelwatch.signing.SigningCalls.SIGSTORE_RS;
import static org.assertj.core.api.Assertions.assertThat;

import io.keelwatch.inventory.ProjectRef;
import io.keelwatch.signing.SigningCalls.Answer;
import io.keelwatch.testsupport.Fixtures;
import io.keelwatch.testsupport.KeelwatchIntegrationTest;
import io.keelwatch.testsupport.TestWorld;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;

/**
 * The real key-based cosign samples (sigstore-rs's, and containers/image's made with real cosign) verify with
 * their key trusted for the image's project; a flipped byte of payload or signature, or the signature submitted
 * for another digest, is invalid; a key not trusted for the project is an untrusted signer; revoking the key
 * turns verified into untrusted signer, audited.
 */
@KeelwatchIntegrationTest
class KeyBasedCosignSignaturesVerifyWithTheTrustedKeyIT {

    @Autowired
    MockMvc mvc;
    @Autowired
    TestWorld world;
    @Autowired
    JdbcClient jdbc;

    private SigningCalls signing;
    private ProjectRef project;

    @BeforeEach
    void setUp() {
        signing = new SigningCalls(mvc);
        project = world.alphaProject();
    }

    @Test
    void bothRealSamplesVerifyWithTheirKeyTrustedForTheProject() throws Exception {
        assertThat("sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(Fixtures.bytes(CONTAINERS_IMAGE.folder() + "/manifest.json"))))
                .as("the containers/image sample signs its manifest's digest").isEqualTo(CONTAINERS_IMAGE.digest());
        for (SigningCalls.Sample sample : List.of(SIGSTORE_RS, CONTAINERS_IMAGE)) {
            Answer key = signing.trustKey(TestWorld.LEAD, sample.publicKey(), "project", null, project.slug());
            assertThat(key.status()).as(key.body().toString()).isEqualTo(201);
            assertThat(key.body().get("algorithm").asString()).isEqualTo("ecdsa-p256");

            Answer submitted = signing.submit(TestWorld.ALICE, sample.image(), project.slug(), sample.payload(), sample.signature(), null);

            assertThat(submitted.status()).as(submitted.body().toString()).isEqualTo(201);
            assertThat(submitted.body().get("status").asString()).isEqualTo("verified");
            assertThat(submitted.body().get("keyId").asLong()).isEqualTo(key.body().get("id").asLong());
            assertThat(submitted.body().get("signer").asString()).contains(key.body().get("fingerprint").asString());
            assertThat(submitted.body().get("reasons")).isEmpty();
            Answer status = signing.status(TestWorld.ALICE, submitted.body().get("imageId").asLong(), project.slug());
            assertThat(status.body().get("status").asString()).isEqualTo("verified");
        }
    }

    @Test
    void aFlippedByteInPayloadOrSignatureIsInvalid() throws Exception {
        signing.trustKey(TestWorld.LEAD, SIGSTORE_RS.publicKey(), "project", null, project.slug());
        byte[] payload = SIGSTORE_RS.payload();
        payload[payload.length / 2] ^= 1;
        byte[] signature = Base64.getDecoder().decode(SIGSTORE_RS.signature());
        signature[signature.length - 3] ^= 1;

        Answer changedPayload = signing.submit(TestWorld.ALICE, SIGSTORE_RS.image(), project.slug(), payload, SIGSTORE_RS.signature(), null);
        Answer changedSignature = signing.submit(TestWorld.ALICE, SIGSTORE_RS.image(), project.slug(), SIGSTORE_RS.payload(),
                Base64.getEncoder().encodeToString(signature), null);

        for (Answer answer : List.of(changedPayload, changedSignature)) {
            assertThat(answer.status()).as(answer.body().toString()).isEqualTo(201);
            assertThat(answer.body().get("status").asString()).isEqualTo("invalid");
            assertThat(answer.body().get("reasons").toString()).contains("No key Keelwatch knows verifies this signature");
        }
        Answer status = signing.status(TestWorld.ALICE, changedPayload.body().get("imageId").asLong(), project.slug());
        assertThat(status.body().get("status").asString()).isEqualTo("invalid");
    }

    @Test
    void theSignatureSubmittedForAnotherDigestIsInvalid() throws Exception {
        signing.trustKey(TestWorld.LEAD, SIGSTORE_RS.publicKey(), "project", null, project.slug());
        String other = SIGSTORE_RS.repository() + "@" + CONTAINERS_IMAGE.digest();

        Answer answer = signing.submit(TestWorld.ALICE, other, project.slug(), SIGSTORE_RS.payload(), SIGSTORE_RS.signature(), null);

        assertThat(answer.body().get("status").asString()).isEqualTo("invalid");
        assertThat(answer.body().get("reasons").get(0).asString())
                .isEqualTo("The payload signs " + SIGSTORE_RS.digest() + ", not this image's digest " + CONTAINERS_IMAGE.digest() + ".");
    }

    @Test
    void aKeyNotTrustedForTheProjectIsAnUntrustedSigner() throws Exception {
        ProjectRef elsewhere = world.alphaProject();
        signing.trustKey(TestWorld.LEAD, SIGSTORE_RS.publicKey(), "project", null, elsewhere.slug());

        Answer knownElsewhere = signing.submit(TestWorld.ALICE, SIGSTORE_RS.image(), project.slug(), SIGSTORE_RS.payload(),
                SIGSTORE_RS.signature(), null);
        Answer sentAlong = signing.submit(TestWorld.ALICE, CONTAINERS_IMAGE.image(), project.slug(), CONTAINERS_IMAGE.payload(),
                CONTAINERS_IMAGE.signature(), CONTAINERS_IMAGE.publicKey());

        assertThat(knownElsewhere.body().get("status").asString()).isEqualTo("untrusted_signer");
        assertThat(knownElsewhere.body().get("reasons").get(0).asString()).endsWith("the key is trusted for other projects only.");
        assertThat(sentAlong.body().get("status").asString()).isEqualTo("untrusted_signer");
    }

    @Test
    void revokingTheKeyTurnsItsVerifiedSignaturesUntrustedAndIsAudited() throws Exception {
        Answer key = signing.trustKey(TestWorld.LEAD, SIGSTORE_RS.publicKey(), "project", null, project.slug());
        Answer submitted = signing.submit(TestWorld.ALICE, SIGSTORE_RS.image(), project.slug(), SIGSTORE_RS.payload(),
                SIGSTORE_RS.signature(), null);
        assertThat(submitted.body().get("status").asString()).isEqualTo("verified");
        long keyId = key.body().get("id").asLong();

        Answer revoked = signing.revokeKey(TestWorld.LEAD, keyId);

        assertThat(revoked.status()).as(revoked.body().toString()).isEqualTo(200);
        assertThat(revoked.body().get("state").asString()).isEqualTo("revoked");
        Answer status = signing.status(TestWorld.ALICE, submitted.body().get("imageId").asLong(), project.slug());
        assertThat(status.body().get("status").asString()).isEqualTo("untrusted_signer");
        assertThat(status.body().get("reasons").get(0).asString()).contains("the key was revoked on");
        assertThat(jdbc.sql("select count(*) from audit_event where action = 'signing-key.revoked' and target_id = :id")
                .param("id", String.valueOf(keyId)).query(Long.class).single()).isEqualTo(1);
    }
}
