package io.keelwatch.signing;

import static org.assertj.core.api.Assertions.assertThat;

import io.keelwatch.inventory.ProjectRef;
import io.keelwatch.signing.SigningCalls.Answer;
import io.keelwatch.testsupport.Fixtures;
import io.keelwatch.testsupport.KeelwatchIntegrationTest;
import io.keelwatch.testsupport.TestWorld;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;

/**
 * Private keys in every PEM wrapping (as a key to trust, or sent along with a signature) are refused with the
 * reason and never stored; a certificate instead of a key, malformed PEM and a P-521 key are 400 problems; a
 * trust root must look like one; Ed25519, RSA and P-384 public keys are trusted.
 */
@KeelwatchIntegrationTest
class PrivateKeysAndMalformedPemAreRefusedIT {

    @Autowired
    MockMvc mvc;
    @Autowired
    TestWorld world;
    @Autowired
    JdbcClient jdbc;

    @Test
    void privateKeysAreRefusedWithTheReasonAndNeverStored() throws Exception {
        SigningCalls signing = new SigningCalls(mvc);
        ProjectRef project = world.alphaProject();
        byte[] pkcs8 = ec("secp256r1").getPrivate().getEncoded();
        long before = jdbc.sql("select count(*) from signing_key").query(Long.class).single();
        for (String label : new String[] {"PRIVATE KEY", "EC PRIVATE KEY", "RSA PRIVATE KEY", "ENCRYPTED PRIVATE KEY"}) {
            String pem = pem(label, pkcs8);

            Answer refused = signing.trustKey(TestWorld.LEAD, pem, "project", null, project.slug());
            Answer alongSignature = signing.submit(TestWorld.ALICE, SigningCalls.SIGSTORE_RS.image(), project.slug(),
                    SigningCalls.SIGSTORE_RS.payload(), SigningCalls.SIGSTORE_RS.signature(), pem);

            for (Answer answer : new Answer[] {refused, alongSignature}) {
                assertThat(answer.status()).as(label).isEqualTo(400);
                assertThat(answer.body().get("type").asString()).isEqualTo("urn:keelwatch:problem:private-key-refused");
                assertThat(answer.body().get("detail").asString()).contains("never takes private keys").doesNotContain(
                        Base64.getEncoder().encodeToString(pkcs8).substring(0, 20));
            }
        }
        assertThat(jdbc.sql("select count(*) from signing_key").query(Long.class).single()).isEqualTo(before);
        assertThat(jdbc.sql("select count(*) from image_signature where project_id = :p").param("p", project.id())
                .query(Long.class).single()).isZero();
    }

    @Test
    void aCertificateMalformedPemAndAnUnsupportedCurveAreBadRequests() throws Exception {
        SigningCalls signing = new SigningCalls(mvc);
        ProjectRef project = world.alphaProject();
        String certificate = Fixtures.text("cosign/containers-image__dir-img-cosign-valid/cosign.pub")
                .replace("PUBLIC KEY", "CERTIFICATE");
        Map<String, String> cases = Map.of(
                "certificate", certificate,
                "truncated", SigningCalls.SIGSTORE_RS.publicKey().substring(0, 60),
                "not base64", "-----BEGIN PUBLIC KEY-----\n%%%%\n-----END PUBLIC KEY-----",
                "no key inside", pem("PUBLIC KEY", new byte[] {1, 2, 3}),
                "P-521", pem("PUBLIC KEY", ec("secp521r1").getPublic().getEncoded()));
        for (Map.Entry<String, String> c : cases.entrySet()) {
            Answer answer = signing.trustKey(TestWorld.LEAD, c.getValue(), "project", null, project.slug());
            assertThat(answer.status()).as(c.getKey()).isEqualTo(400);
            assertThat(answer.body().get("type").asString()).as(c.getKey()).isEqualTo("urn:keelwatch:problem:invalid-key");
        }
        assertThat(signing.trustKey(TestWorld.LEAD, certificate, "project", null, project.slug()).body().get("detail").asString())
                .startsWith("This is a certificate, not a key.");
    }

    @Test
    void ed25519RsaAndP384KeysAreTrusted() throws Exception {
        SigningCalls signing = new SigningCalls(mvc);
        ProjectRef project = world.alphaProject();
        KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
        rsa.initialize(2048);
        Map<String, byte[]> keys = Map.of("ed25519", KeyPairGenerator.getInstance("Ed25519").generateKeyPair().getPublic().getEncoded(),
                "rsa", rsa.generateKeyPair().getPublic().getEncoded(), "ecdsa-p384", ec("secp384r1").getPublic().getEncoded());
        for (Map.Entry<String, byte[]> key : keys.entrySet()) {
            Answer answer = signing.trustKey(TestWorld.LEAD, pem("PUBLIC KEY", key.getValue()), "project", null, project.slug());
            assertThat(answer.status()).as(answer.body().toString()).isEqualTo(201);
            assertThat(answer.body().get("algorithm").asString()).isEqualTo(key.getKey());
        }
    }

    private static java.security.KeyPair ec(String curve) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec(curve));
        return generator.generateKeyPair();
    }

    static String pem(String label, byte[] der) {
        return "-----BEGIN " + label + "-----\n" + Base64.getMimeEncoder().encodeToString(der) + "\n-----END " + label + "-----\n";
    }
}
