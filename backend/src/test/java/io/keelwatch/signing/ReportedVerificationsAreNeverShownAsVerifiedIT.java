package io.keelwatch.signing;

import static org.assertj.core.api.Assertions.assertThat;

import io.keelwatch.inventory.ProjectRef;
import io.keelwatch.signing.SigningCalls.Answer;
import io.keelwatch.testsupport.Fixtures;
import io.keelwatch.testsupport.KeelwatchIntegrationTest;
import io.keelwatch.testsupport.TestWorld;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What {@code cosign verify --output json} printed (the README's key-based line, verify_test's keyless output) is
 * recorded as reported — by the API, the image status and the signer inventory — never as verified; output about
 * another digest is refused; a bundle or envelope format without its material is refused, a keyless
 * signature with a broken certificate is never verified.
 */
@KeelwatchIntegrationTest
class ReportedVerificationsAreNeverShownAsVerifiedIT {

    private static final String TCPCONNECT = "localhost:5000/tcpconnect@sha256:7a91c50d922925f152fec96ed1d84b7bc6b2079c169d68826f6cf307f22d40e6";
    private static final String KEYLESS = "gcr.io/baz/baz@sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    @Autowired
    MockMvc mvc;
    @Autowired
    TestWorld world;

    private final JsonMapper json = JsonMapper.builder().build();

    @Test
    void cosignVerifyOutputIsReportedNeverVerified() throws Exception {
        SigningCalls signing = new SigningCalls(mvc);
        ProjectRef project = world.alphaProject();

        Answer keyBased = signing.submit(TestWorld.ALICE, output(TCPCONNECT, project, "cosign__README__verify-output-tcpconnect.json"));
        Answer keyless = signing.submit(TestWorld.ALICE, output(KEYLESS, project, "cosign__verify_test__TestPrintVerification-wantPayload.json"));

        for (Answer answer : new Answer[] {keyBased, keyless}) {
            assertThat(answer.status()).as(answer.body().toString()).isEqualTo(201);
            assertThat(answer.body().get("status").asString()).isEqualTo("reported");
            assertThat(answer.body().get("reasons").get(0).asString()).contains("not by Keelwatch");
            Answer status = signing.status(TestWorld.ALICE, answer.body().get("imageId").asLong(), project.slug());
            assertThat(status.body().get("status").asString()).isEqualTo("reported");
        }
        assertThat(keyless.body().get("signer").asString()).as("the output's Issuer and Subject claims").isEqualTo("oidc-issuer subject");
        assertThat(keyBased.body().path("signer").asString(null)).as("a key-based output names no signer").isNull();
        JsonNode signers = json.readTree(mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders
                .get("/api/v1/signing/signers").with(org.springframework.security.test.web.servlet.request
                        .SecurityMockMvcRequestPostProcessors.httpBasic(TestWorld.ALICE, TestWorld.PASSWORD)))
                .andReturn().getResponse().getContentAsString());
        JsonNode reported = null;
        for (JsonNode signer : signers) {
            if (signer.get("signer").asString("").equals("oidc-issuer subject")) {
                reported = signer;
            }
        }
        assertThat(reported).as("the reported signer in the inventory").isNotNull();
        assertThat(reported.get("kind").asString()).isEqualTo("reported");
        assertThat(reported.get("state").asString()).isEqualTo("reported");
    }

    @Test
    void outputAboutAnotherDigestIsRefused() throws Exception {
        SigningCalls signing = new SigningCalls(mvc);
        ProjectRef project = world.alphaProject();

        Answer answer = signing.submit(TestWorld.ALICE, output(KEYLESS, project, "cosign__README__verify-output-tcpconnect.json"));

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.body().get("detail").asString()).contains("sha256:7a91c50d").contains("not this image's digest");
    }

    @Test
    void bundlesAndEnvelopesWithoutTheirMaterialAreRefusedAndABrokenCertificateIsNeverVerified() throws Exception {
        SigningCalls signing = new SigningCalls(mvc);
        ProjectRef project = world.alphaProject();
        for (String format : new String[] {"sigstore-bundle", "notation"}) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("image", KEYLESS);
            body.put("project", project.slug());
            body.put("format", format);
            Answer answer = signing.submit(TestWorld.ALICE, body);
            assertThat(answer.status()).isEqualTo(400);
            assertThat(answer.body().get("detail").asString()).contains(format.equals("notation") ? "envelope is required" : "bundle is required");
        }
        Map<String, Object> keylessCosign = new LinkedHashMap<>();
        keylessCosign.put("image", SigningCalls.SIGSTORE_RS.image());
        keylessCosign.put("project", project.slug());
        keylessCosign.put("payload", Fixtures.text("cosign/sigstore-rs__signature_layers__keypair/payload.json"));
        keylessCosign.put("signature", SigningCalls.SIGSTORE_RS.signature());
        keylessCosign.put("certificate", "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----");
        Answer broken = signing.submit(TestWorld.ALICE, keylessCosign);
        assertThat(broken.status()).as(broken.body().toString()).isEqualTo(201);
        // invalid once a Sigstore root is uploaded; before, nothing vouches for any keyless signer
        assertThat(broken.body().get("status").asString()).isIn("invalid", "untrusted_signer");
    }

    private Map<String, Object> output(String image, ProjectRef project, String file) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("image", image);
        body.put("project", project.slug());
        body.put("format", "cosign-verify-output");
        body.put("verifyOutput", json.readTree(Fixtures.text("cosign/" + file)));
        return body;
    }
}
