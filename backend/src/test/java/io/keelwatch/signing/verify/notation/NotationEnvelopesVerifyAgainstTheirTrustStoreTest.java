package io.keelwatch.signing.verify.notation;

import static io.keelwatch.signing.verify.notation.NotationFixtures.COSE_WITH_TIMESTAMP;
import static io.keelwatch.signing.verify.notation.NotationFixtures.IN_VALIDITY;
import static io.keelwatch.signing.verify.notation.NotationFixtures.JWS_SIGNATURE;
import static io.keelwatch.signing.verify.notation.NotationFixtures.JWS_SIGNATURE_DIGEST;
import static io.keelwatch.signing.verify.notation.NotationFixtures.JWS_WITH_TIMESTAMP;
import static io.keelwatch.signing.verify.notation.NotationFixtures.TIMESTAMPED_DIGEST;
import static io.keelwatch.signing.verify.notation.NotationFixtures.bytes;
import static io.keelwatch.signing.verify.notation.NotationFixtures.trustStore;
import static io.keelwatch.signing.verify.notation.NotationFixtures.trustingAnyone;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Base64;
import java.util.List;

import io.keelwatch.signing.verify.Verification;
import io.keelwatch.signing.verify.Verification.Status;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.json.JsonMapper;

class NotationEnvelopesVerifyAgainstTheirTrustStoreTest {

    private static final String ALPINE = "CN=alpine,O=Notary,L=Seattle,ST=WA,C=US";

    private final NotationVerifier verifier = new NotationVerifier(IN_VALIDITY);

    @ParameterizedTest
    @CsvSource({
            JWS_WITH_TIMESTAMP + ", application/jose+json, 2024-06-18T06:29:33Z",
            COSE_WITH_TIMESTAMP + ", application/cose, 2024-06-18T06:27:11Z"})
    void theTimestampedEnvelopesVerifyAgainstTheTrustStoreCertificate(String envelope, String mediaType, String signingTime) {
        Verification verification = verifier.verify(bytes(envelope), mediaType, TIMESTAMPED_DIGEST, trustingAnyone());

        assertThat(verification.reasons()).isEmpty();
        assertThat(verification.status()).isEqualTo(Status.VERIFIED);
        assertThat(verification.digest()).isEqualTo(TIMESTAMPED_DIGEST);
        assertThat(verification.signer()).isEqualTo(ALPINE);
        assertThat(verification.signedAt()).isEqualTo(Instant.parse(signingTime));
    }

    @Test
    void theEnvelopeTypeIsToldByItsFirstByteWhenNoMediaTypeIsGiven() {
        assertThat(verifier.verify(bytes(JWS_WITH_TIMESTAMP), null, TIMESTAMPED_DIGEST, trustingAnyone()).status()).isEqualTo(Status.VERIFIED);
        assertThat(verifier.verify(bytes(COSE_WITH_TIMESTAMP), null, TIMESTAMPED_DIGEST, trustingAnyone()).status()).isEqualTo(Status.VERIFIED);
    }

    @Test
    void aSignerWhoseCertificateIsNotInTheTrustStoreIsUntrusted() {
        // jws_signature.sig is signed with another self-signed "alpine" certificate (2000 to 2123) than the trust store's
        Verification verification = verifier.verify(bytes(JWS_SIGNATURE), NotationVerifier.JWS, JWS_SIGNATURE_DIGEST, trustingAnyone());

        assertThat(verification.status()).isEqualTo(Status.UNTRUSTED_SIGNER);
        assertThat(verification.reasons()).singleElement().asString().contains("trust store");
    }

    @Test
    void theSameEnvelopeVerifiesOnceItsOwnRootIsInTheTrustStore() throws Exception {
        String x5c = JsonMapper.builder().build().readTree(bytes(JWS_SIGNATURE)).path("header").path("x5c").get(0).asString();
        X509Certificate itsRoot = (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(Base64.getDecoder().decode(x5c)));

        Verification verification = verifier.verify(bytes(JWS_SIGNATURE), NotationVerifier.JWS, JWS_SIGNATURE_DIGEST,
                new NotationTrustPolicy(List.of(itsRoot), List.of("*")));

        assertThat(verification.reasons()).isEmpty();
        assertThat(verification.status()).isEqualTo(Status.VERIFIED);
        assertThat(verification.signedAt()).isEqualTo(Instant.parse("2023-03-14T08:10:02Z"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "x509.subject: C=US, ST=WA, L=Seattle, O=Notary, CN=alpine",
            "C=US, O=Notary",
            "CN=alpine"})
    void aTrustedIdentityMatchesWhenTheSubjectCarriesAllItsAttributes(String identity) {
        Verification verification = verifier.verify(bytes(COSE_WITH_TIMESTAMP), NotationVerifier.COSE, TIMESTAMPED_DIGEST,
                new NotationTrustPolicy(trustStore(), List.of(identity)));

        assertThat(verification.status()).isEqualTo(Status.VERIFIED);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "x509.subject: C=US, ST=WA, L=Seattle, O=Notary, CN=wabbit-networks",
            "O=Acme"})
    void aSignerNoTrustedIdentityNamesIsUntrusted(String identity) {
        Verification verification = verifier.verify(bytes(JWS_WITH_TIMESTAMP), NotationVerifier.JWS, TIMESTAMPED_DIGEST,
                new NotationTrustPolicy(trustStore(), List.of(identity)));

        assertThat(verification.status()).isEqualTo(Status.UNTRUSTED_SIGNER);
        assertThat(verification.reasons()).singleElement().asString().contains(ALPINE);
    }
}
