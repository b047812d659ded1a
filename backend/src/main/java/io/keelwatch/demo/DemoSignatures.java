package io.keelwatch.demo;

import io.keelwatch.access.Viewer;
import io.keelwatch.signing.NewSigningKey;
import io.keelwatch.signing.SignatureSubmission;
import io.keelwatch.signing.SigningService;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import org.springframework.core.io.ClassPathResource;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Signing in the demo, from the real cosign samples (their images are the ones they sign: a real signature
 * verifies over its own payload only): payments-api trusts sigstore-rs's key, so its busybox image is
 * <em>verified</em>; the containers/image sample, sent with a key nobody trusts, is an <em>untrusted signer</em>;
 * cosign's README verify output is <em>reported</em> for payments-worker; every other demo image is <em>unsigned</em>.
 * Then payments' on-call signs a canary build with a key of their own, made here as {@code cosign generate-key-pair} would
 * and trusted for payments-api for 12 days: a signer new to payments-api (after the release key) and a key near its
 * expiry, both flags on the project's posture.
 */
@Component
class DemoSignatures {

    static final String VERIFIED_IMAGE =
            "registry-testing.svc.lan/busybox@sha256:f3cfc9d0dbf931d3db4685ec659b7ac68e2a578219da4aae65427886e649b06b";
    static final String UNTRUSTED_IMAGE =
            "192.168.64.2:5000/cosign-signed-single-sample@sha256:634a8f35b5f16dcf4aaa0822adc0b1964bb786fca12f6831de8ddc45e5986a00";
    static final String CANARY_IMAGE =
            "registry-testing.svc.lan/payments-canary@sha256:9c4e1f0b7a6d5c3e2f1a0b9c8d7e6f5a4b3c2d1e0f9a8b7c6d5e4f3a2b1c0d9e";
    static final String ON_CALL_KEY = "payments on-call key";
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
        signCanary(seeder);
    }

    /** The on-call's own key: trusted for payments-api until 12 days from now, then it signs the canary build. */
    private void signCanary(Viewer seeder) {
        KeyPair pair;
        byte[] signature;
        String digest = CANARY_IMAGE.substring(CANARY_IMAGE.indexOf('@') + 1);
        byte[] payload = ("{\"critical\":{\"identity\":{\"docker-reference\":\"" + CANARY_IMAGE.substring(0, CANARY_IMAGE.indexOf('@'))
                + "\"},\"image\":{\"docker-manifest-digest\":\"" + digest + "\"},\"type\":\"cosign container image signature\"},"
                + "\"optional\":null}").getBytes(StandardCharsets.UTF_8);
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            pair = generator.generateKeyPair();
            Signature signer = Signature.getInstance("SHA256withECDSA");
            signer.initSign(pair.getPrivate());
            signer.update(payload);
            signature = signer.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("The JDK cannot make a P-256 key", e);
        }
        String publicKey = "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(pair.getPublic().getEncoded()) + "\n-----END PUBLIC KEY-----\n";
        signing.trustKey(new NewSigningKey(ON_CALL_KEY, publicKey, "project", null, "payments-api", "payments on-call",
                Instant.now().plus(Duration.ofDays(12)), null), seeder);
        signing.submit(new SignatureSubmission(CANARY_IMAGE, null, null, "payments-api", "cosign",
                Base64.getEncoder().encodeToString(payload), Base64.getEncoder().encodeToString(signature),
                null, null, null, null, null, null, null, null), seeder);
    }

    private static byte[] bytes(String path) {
        try (var in = new ClassPathResource(path).getInputStream()) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String text(String path) {
        return new String(bytes(path), StandardCharsets.UTF_8);
    }
}
