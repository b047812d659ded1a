package io.keelwatch.signing.verify.sigstore;

import static io.keelwatch.signing.verify.sigstore.SigstoreFixtures.KEYLESS;
import static io.keelwatch.signing.verify.sigstore.SigstoreFixtures.KEYLESS_IMAGE_DIGEST;
import static io.keelwatch.signing.verify.sigstore.SigstoreFixtures.bytes;
import static io.keelwatch.signing.verify.sigstore.SigstoreFixtures.edited;
import static io.keelwatch.signing.verify.sigstore.SigstoreFixtures.flip;
import static io.keelwatch.signing.verify.sigstore.SigstoreFixtures.flipBase64;
import static io.keelwatch.signing.verify.sigstore.SigstoreFixtures.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

import io.keelwatch.signing.verify.Verification;
import io.keelwatch.signing.verify.Verification.Status;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

/**
 * The sigstore-rs keyless sample: a Fulcio certificate of 2021 (e-mail flavio@castelli.me, from before Fulcio
 * wrote the issuer extension) issued directly by the 2021 sigstore root, which the trusted root keeps as a CA
 * valid from 2021-03-07 to 2022-12-31; the Rekor bundle's SET is signed by the public Rekor key.
 */
class CosignKeylessSignaturesVerifyAgainstTheTrustedRootTest {

    /** As {@code cosign verify --certificate-identity flavio@castelli.me --certificate-oidc-issuer-regexp '.*'}. */
    private static final List<KeylessIdentity> FLAVIO = List.of(new KeylessIdentity(null, ".*", "flavio@castelli.me", null));

    private final CosignKeylessVerifier verifier = new CosignKeylessVerifier();
    private final SigstoreTrustedRoot root = SigstoreFixtures.trustedRoot();

    private final byte[] payload = bytes(KEYLESS + "payload.json");
    private final String signature = text(KEYLESS + "signature.b64");
    private final String certificate = text(KEYLESS + "cert.pem");
    private final byte[] rekorBundle = bytes(KEYLESS + "rekor-bundle.json");

    @Test
    void theRealSignatureVerifiesForItsImageAndSigner() {
        Verification verification = verifier.verify(payload, signature, certificate, rekorBundle, KEYLESS_IMAGE_DIGEST, root, FLAVIO);

        assertThat(verification.reasons()).isEmpty();
        assertThat(verification.status()).isEqualTo(Status.VERIFIED);
        assertThat(verification.digest()).isEqualTo(KEYLESS_IMAGE_DIGEST);
        assertThat(verification.signer()).isEqualTo("flavio@castelli.me");
        assertThat(verification.signedAt()).isEqualTo(Instant.ofEpochSecond(1634714717L));
    }

    @Test
    void aCertificateWithoutIssuerMatchesNoExactIssuer() {
        Verification verification = verifier.verify(payload, signature, certificate, rekorBundle, KEYLESS_IMAGE_DIGEST, root,
                List.of(KeylessIdentity.exact("https://github.com/login/oauth", "flavio@castelli.me")));

        assertThat(verification.status()).isEqualTo(Status.UNTRUSTED_SIGNER);
    }

    @Test
    void aRootWhoseCertificateAuthoritiesWereNotValidIn2021RefusesTheSignature() {
        String withoutOldCa = text(SigstoreFixtures.BUNDLES + "trusted_root.json")
                .replace("\"start\": \"2021-03-07T03:20:29.000Z\"", "\"start\": \"2023-01-01T00:00:00.000Z\"")
                .replace("\"end\": \"2022-12-31T23:59:59.999Z\"", "\"end\": \"2023-12-31T23:59:59.999Z\"");

        Verification verification = verifier.verify(payload, signature, certificate, rekorBundle, KEYLESS_IMAGE_DIGEST,
                SigstoreTrustedRoot.parse(withoutOldCa.getBytes()), FLAVIO);

        assertThat(verification.status()).isEqualTo(Status.INVALID);
        assertThat(verification.reasons()).anySatisfy(reason -> assertThat(reason)
                .contains("No Fulcio certificate authority of the trust root was valid at the signing time 2021-10-20T07:25:17Z"));
    }

    @Test
    void oneChangedByteOfThePayloadIsRefused() {
        Verification verification = verifier.verify(flip(payload, 30), signature, certificate, rekorBundle, KEYLESS_IMAGE_DIGEST, root, FLAVIO);

        assertThat(verification.status()).isEqualTo(Status.INVALID);
        assertThat(verification.reasons()).anySatisfy(reason -> assertThat(reason).contains("does not verify over the payload"));
    }

    @Test
    void oneChangedByteOfTheSignatureIsRefused() {
        Verification verification = verifier.verify(payload, flipBase64(signature.strip(), 20), certificate, rekorBundle, KEYLESS_IMAGE_DIGEST, root, FLAVIO);

        assertThat(verification.status()).isEqualTo(Status.INVALID);
        assertThat(verification.reasons()).anySatisfy(reason -> assertThat(reason).contains("does not verify over the payload"));
    }

    @Test
    void oneChangedByteOfTheCertificateIsRefused() {
        byte[] der = Base64.getMimeDecoder().decode(certificate.replaceAll("-----[A-Z ]+-----", ""));
        int email = new String(der, java.nio.charset.StandardCharsets.ISO_8859_1).indexOf("flavio@castelli.me");
        String tampered = "-----BEGIN CERTIFICATE-----\n" + Base64.getMimeEncoder().encodeToString(flip(der, email)) + "\n-----END CERTIFICATE-----\n";

        Verification verification = verifier.verify(payload, signature, tampered, rekorBundle, KEYLESS_IMAGE_DIGEST, root, FLAVIO);

        assertThat(verification.status()).isEqualTo(Status.INVALID);
        assertThat(verification.reasons()).anySatisfy(reason -> assertThat(reason).contains("does not chain"));
    }

    @Test
    void oneChangedByteOfTheSignedEntryTimestampIsRefused() {
        byte[] tampered = edited(rekorBundle, b -> flipBase64(b, "SignedEntryTimestamp", 30));

        Verification verification = verifier.verify(payload, signature, certificate, tampered, KEYLESS_IMAGE_DIGEST, root, FLAVIO);

        assertThat(verification.status()).isEqualTo(Status.INVALID);
        assertThat(verification.reasons()).anySatisfy(reason -> assertThat(reason).contains("signed entry timestamp does not verify"));
    }

    @Test
    void oneChangedByteOfTheLogEntryBodyIsRefused() {
        byte[] tampered = edited(rekorBundle, b -> flipBase64((ObjectNode) b.get("Payload"), "body", 60));

        Verification verification = verifier.verify(payload, signature, certificate, tampered, KEYLESS_IMAGE_DIGEST, root, FLAVIO);

        assertThat(verification.status()).isEqualTo(Status.INVALID);
        assertThat(verification.reasons()).anySatisfy(reason -> assertThat(reason).contains("signed entry timestamp does not verify"));
    }

    @Test
    void anotherImageDigestIsRefused() {
        Verification verification = verifier.verify(payload, signature, certificate, rekorBundle,
                "sha256:634a8f35b5f16dcf4aaa0822adc0b1964bb786fca12f6831de8ddc45e5986a00", root, FLAVIO);

        assertThat(verification.status()).isEqualTo(Status.INVALID);
        assertThat(verification.reasons()).anySatisfy(reason -> assertThat(reason).contains("not sha256:634a8f35"));
    }

    @Test
    void withoutItsRekorBundleTheSignatureIsRefused() {
        Verification verification = verifier.verify(payload, signature, certificate, null, KEYLESS_IMAGE_DIGEST, root, FLAVIO);

        assertThat(verification.status()).isEqualTo(Status.INVALID);
        assertThat(verification.reasons()).anySatisfy(reason -> assertThat(reason).contains("no Rekor bundle"));
    }

    @Test
    void aTruncatedRekorBundleIsAFormatError() {
        assertThatThrownBy(() -> verifier.verify(payload, signature, certificate, Arrays.copyOf(rekorBundle, 100), KEYLESS_IMAGE_DIGEST, root, FLAVIO))
                .isInstanceOf(SigstoreFormatException.class);
    }
}
