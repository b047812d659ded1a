package io.keelwatch.demo;

import io.keelwatch.access.Viewer;
import io.keelwatch.signing.NewSigningKey;
import io.keelwatch.signing.SignatureSubmission;
import io.keelwatch.signing.SigningService;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;
import org.springframework.core.io.ClassPathResource;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Signing in the demo, from the real cosign samples (their images are the ones they sign: a real signature
 * verifies over its own payload only): payments-api trusts sigstore-rs's key, so its busybox image is
 * <em>verified</em>; the containers/image sample, sent with a key nobody trusts, is an <em>untrusted signer</em>;
 * cosign's README verify output is <em>reported</em> for payments-worker; every other demo image is <em>unsigned</em>.
 */
@Component
class DemoSignatures {

    static final String VERIFIED_IMAGE =
            "registry-testing.svc.lan/busybox@sha256:f3cfc9d0dbf931d3db4685ec659b7ac68e2a578219da4aae65427886e649b06b";
    static final String UNTRUSTED_IMAGE =
            "192.168.64.2:5000/cosign-signed-single-sample@sha256:634a8f35b5f16dcf4aaa0822adc0b1964bb786fca12f6831de8ddc45e5986a00";
    static final String REPORTED_IMAGE =
            "localhost:5000/tcpconnect@sha256:7a91c50d922925f152fec96ed1d84b7bc6b2079c169d68826f6cf307f22d40e6";

    private final SigningService signing;
    private final JsonMapper json = JsonMapper.builder().build();

    DemoSignatures(SigningService signing) {
        this.signing = signing;
    }

    void seed(Viewer seeder) {
        String keypair = "demo/cosign/sigstore-rs__signature_layers__keypair/";
        String containers = "demo/cosign/containers-image__dir-img-cosign-valid/";
        signing.trustKey(new NewSigningKey("payments release key", text(keypair + "cosign.pub"), "project", null, "payments-api",
                "payments release pipeline", null, null), seeder);
        signing.submit(new SignatureSubmission(VERIFIED_IMAGE, null, null, "payments-api", "cosign",
                Base64.getEncoder().encodeToString(bytes(keypair + "payload.json")), text(keypair + "signature.b64").strip(),
                null, null, null, null, null, null, null, null), seeder);
        signing.submit(new SignatureSubmission(UNTRUSTED_IMAGE, null, null, "payments-api", "cosign",
                Base64.getEncoder().encodeToString(bytes(containers + "payload.json")), text(containers + "signature.b64").strip(),
                text(containers + "cosign.pub"), null, null, null, null, null, null, null), seeder);
        signing.submit(new SignatureSubmission(REPORTED_IMAGE, null, null, "payments-worker", "cosign-verify-output",
                null, null, null, null, null, null, json.readTree(bytes("demo/cosign/cosign__README__verify-output-tcpconnect.json")),
                null, null, null),
                seeder);
    }

    private static byte[] bytes(String path) {
        try (var in = new ClassPathResource(path).getInputStream()) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String text(String path) {
        return new String(bytes(path), java.nio.charset.StandardCharsets.UTF_8);
    }
}
