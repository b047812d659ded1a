package io.keelwatch.signing.verify.notation;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

/** The real Notation envelopes under {@code fixtures/cosign/notation} and the trust-store certificate anchoring two of them. */
final class NotationFixtures {

    static final String DIR = "cosign/notation/";
    static final String JWS_SIGNATURE = "notation-go__jws_signature.sig";
    static final String JWS_WITH_TIMESTAMP = "notation-go__jwsWithTimestamp.sig";
    static final String COSE_WITH_TIMESTAMP = "notation-go__coseWithTimestamp.sig";
    /** The image both timestamped envelopes sign. */
    static final String TIMESTAMPED_DIGEST = "sha256:c0669ef34cdc14332c0f1ab0c2c01acb91d96014b172f1a76f3a39e63d1f0bda";
    /** The image jws_signature.sig signs. */
    static final String JWS_SIGNATURE_DIGEST = "sha256:19dbd2e48e921426ee8ace4dc892edfb2ecdc1d1a72d5416c83670c30acecef0";
    /** Inside the validity of every certificate in the envelopes (2023-05-09 to 2033-05-10 the narrowest). */
    static final Clock IN_VALIDITY = Clock.fixed(Instant.parse("2025-01-01T00:00:00Z"), ZoneOffset.UTC);

    private NotationFixtures() {
    }

    static byte[] bytes(String name) {
        try (InputStream in = NotationFixtures.class.getResourceAsStream("/fixtures/" + DIR + name)) {
            if (in == null) {
                throw new IllegalArgumentException("No fixture " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<X509Certificate> trustStore() {
        return NotationTrustPolicy.certificates(bytes("notation-go__truststore-ca__TestTimestamp.crt"));
    }

    static NotationTrustPolicy trustingAnyone() {
        return new NotationTrustPolicy(trustStore(), List.of("*"));
    }

    /** The offset of the first occurrence of {@code marker} in {@code bytes}, from {@code from}. */
    static int indexOf(byte[] bytes, String marker, int from) {
        int at = new String(bytes, StandardCharsets.ISO_8859_1).indexOf(marker, from);
        if (at < 0) {
            throw new IllegalArgumentException("No " + marker);
        }
        return at;
    }

    static byte[] flip(byte[] bytes, int index) {
        byte[] copy = bytes.clone();
        copy[index < 0 ? copy.length + index : index] ^= 1;
        return copy;
    }
}
