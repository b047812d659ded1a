package io.keelwatch.signing.verify.notation;

import static io.keelwatch.signing.verify.notation.NotationFixtures.COSE_WITH_TIMESTAMP;
import static io.keelwatch.signing.verify.notation.NotationFixtures.IN_VALIDITY;
import static io.keelwatch.signing.verify.notation.NotationFixtures.JWS_WITH_TIMESTAMP;
import static io.keelwatch.signing.verify.notation.NotationFixtures.TIMESTAMPED_DIGEST;
import static io.keelwatch.signing.verify.notation.NotationFixtures.bytes;
import static io.keelwatch.signing.verify.notation.NotationFixtures.flip;
import static io.keelwatch.signing.verify.notation.NotationFixtures.indexOf;
import static io.keelwatch.signing.verify.notation.NotationFixtures.trustingAnyone;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Base64;

import io.keelwatch.signing.verify.Verification;
import io.keelwatch.signing.verify.Verification.Status;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

class EveryTamperedNotationEnvelopeIsRefusedTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final NotationVerifier verifier = new NotationVerifier(IN_VALIDITY);

    @Test
    void oneChangedByteOfTheJwsPayloadIsRefused() {
        byte[] envelope = jws(jws -> jws.put("payload", flipBase64Url(jws.get("payload").asString(), 40)));

        assertInvalid(verifier.verify(envelope, NotationVerifier.JWS, TIMESTAMPED_DIGEST, trustingAnyone()), "signature does not verify");
    }

    @Test
    void oneChangedByteOfTheJwsProtectedHeaderIsRefused() {
        // the signing time's last second: 14:29:33 becomes 14:29:32
        byte[] envelope = jws(jws -> {
            String header = jws.get("protected").asString();
            jws.put("protected", flipBase64Url(header, indexOf(Base64.getUrlDecoder().decode(header), "14:29:33", 0) + 7));
        });

        assertInvalid(verifier.verify(envelope, NotationVerifier.JWS, TIMESTAMPED_DIGEST, trustingAnyone()), "signature does not verify");
    }

    @Test
    void oneChangedByteOfTheJwsSignatureIsRefused() {
        byte[] envelope = jws(jws -> jws.put("signature", flipBase64Url(jws.get("signature").asString(), 100)));

        assertInvalid(verifier.verify(envelope, NotationVerifier.JWS, TIMESTAMPED_DIGEST, trustingAnyone()), "signature does not verify");
    }

    @Test
    void oneChangedByteOfTheJwsCertificateIsRefused() {
        byte[] envelope = jws(jws -> {
            ArrayNode x5c = (ArrayNode) jws.get("header").get("x5c");
            byte[] der = Base64.getDecoder().decode(x5c.get(0).asString());
            x5c.set(0, Base64.getEncoder().encodeToString(flip(der, indexOf(der, "alpine", 0))));
        });

        assertInvalid(verifier.verify(envelope, NotationVerifier.JWS, TIMESTAMPED_DIGEST, trustingAnyone()), "self-signed root");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "payload   | {\"targetArtifact\"                       | signature does not verify",
            "protected | notary.x509                               | signature does not verify",
            "signature | -1                                        | signature does not verify",
            "certificate | alpine                                  | self-signed root"})
    void oneChangedByteOfTheCoseEnvelopeIsRefused(String part, String where, String reason) {
        byte[] envelope = bytes(COSE_WITH_TIMESTAMP);
        int at = "-1".equals(where) ? -1 : indexOf(envelope, where, "certificate".equals(part) ? indexOf(envelope, "0\u0082", 0) : 0)
                + ("payload".equals(part) ? 5 : 0);

        assertInvalid(verifier.verify(flip(envelope, at), NotationVerifier.COSE, TIMESTAMPED_DIGEST, trustingAnyone()), reason);
    }

    @ParameterizedTest
    @ValueSource(strings = {JWS_WITH_TIMESTAMP, COSE_WITH_TIMESTAMP})
    void aSignatureAboutAnotherImageIsRefused(String envelope) {
        Verification verification = verifier.verify(bytes(envelope), null,
                "sha256:0000000000000000000000000000000000000000000000000000000000000000", trustingAnyone());

        assertInvalid(verification, "not sha256:0000");
    }

    @ParameterizedTest
    @ValueSource(strings = {JWS_WITH_TIMESTAMP, COSE_WITH_TIMESTAMP})
    void onceTheCertificateHasExpiredTheSignatureIsRefused(String envelope) {
        // without a verified timestamp Notation too needs the chain valid at verification time
        var afterExpiry = new NotationVerifier(Clock.fixed(Instant.parse("2033-06-01T00:00:00Z"), ZoneOffset.UTC));

        assertInvalid(afterExpiry.verify(bytes(envelope), null, TIMESTAMPED_DIGEST, trustingAnyone()), "is not valid now");
    }

    @Test
    void anUnknownCriticalHeaderIsRefused() {
        byte[] envelope = jws(jws -> {
            ObjectNode header = (ObjectNode) JSON.readTree(Base64.getUrlDecoder().decode(jws.get("protected").asString()));
            ((ArrayNode) header.get("crit")).add("io.cncf.notary.verificationPlugin");
            header.put("io.cncf.notary.verificationPlugin", "com.example.plugin");
            jws.put("protected", Base64.getUrlEncoder().withoutPadding().encodeToString(JSON.writeValueAsBytes(header)));
        });

        assertInvalid(verifier.verify(envelope, NotationVerifier.JWS, TIMESTAMPED_DIGEST, trustingAnyone()), "does not understand");
    }

    @ParameterizedTest
    @ValueSource(strings = {JWS_WITH_TIMESTAMP, COSE_WITH_TIMESTAMP})
    void aTruncatedEnvelopeIsAFormatErrorNotAVerification(String envelope) {
        byte[] whole = bytes(envelope);

        assertThatThrownBy(() -> verifier.verify(Arrays.copyOf(whole, whole.length / 2), null, TIMESTAMPED_DIGEST, trustingAnyone()))
                .isInstanceOf(NotationFormatException.class)
                .hasMessageContaining("truncated");
    }

    @Test
    void anEnvelopeOfAnotherMediaTypeIsAFormatError() {
        assertThatThrownBy(() -> verifier.verify(bytes(JWS_WITH_TIMESTAMP), "application/json", TIMESTAMPED_DIGEST, trustingAnyone()))
                .isInstanceOf(NotationFormatException.class);
    }

    private static void assertInvalid(Verification verification, String reasonMentions) {
        assertThat(verification.status()).isEqualTo(Status.INVALID);
        assertThat(verification.reasons()).anySatisfy(reason -> assertThat(reason).contains(reasonMentions));
    }

    private static byte[] jws(java.util.function.Consumer<ObjectNode> change) {
        ObjectNode jws = (ObjectNode) JSON.readTree(bytes(JWS_WITH_TIMESTAMP));
        change.accept(jws);
        return JSON.writeValueAsBytes(jws);
    }

    private static String flipBase64Url(String value, int index) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(flip(Base64.getUrlDecoder().decode(value), index));
    }
}
