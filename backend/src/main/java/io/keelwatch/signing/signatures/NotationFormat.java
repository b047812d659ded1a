package io.keelwatch.signing.signatures;

import io.keelwatch.signing.trust.TrustQueries;
import io.keelwatch.signing.trust.TrustQueries.TrustRootContent;
import io.keelwatch.signing.verify.Verification;
import io.keelwatch.signing.verify.Verification.Status;
import io.keelwatch.signing.verify.notation.NotationFormatException;
import io.keelwatch.signing.verify.notation.NotationTrustPolicy;
import io.keelwatch.signing.verify.notation.NotationVerifier;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * Notation envelopes (JWS, COSE), checked against the trust stores admins upload. Keelwatch keeps no per-project
 * Notation identities, so the policy is a trust store with {@code trustedIdentities: ["*"]}: a chain through an
 * uploaded CA certificate is trusted for every project. No trust store: an untrusted signer (nothing was found
 * wrong), verified again when one is uploaded.
 */
@Component
class NotationFormat implements FormatVerifier {

    static final String NO_STORE = "No Notation trust store is uploaded, so nothing vouches for Notation signers and the signature"
            + " was not checked; an admin uploads the CA certificates (POST /api/v1/signing/trust-roots, kind notation).";

    private final TrustQueries trust;

    NotationFormat(TrustQueries trust) {
        this.trust = trust;
    }

    @Override
    public SignatureFormat format() {
        return SignatureFormat.NOTATION;
    }

    @Override
    public Checked verify(SignatureMaterial material, ImageInScope image, Instant now) {
        List<X509Certificate> store = new ArrayList<>();
        for (TrustRootContent content : trust.trustRootContents("notation")) {
            try {
                store.addAll(NotationTrustPolicy.certificates(content.content().getBytes(StandardCharsets.US_ASCII)));
            } catch (NotationFormatException e) {
                // checked when uploaded; a store that no longer reads vouches for no one
            }
        }
        if (store.isEmpty()) {
            return new Checked(new Verification(Status.UNTRUSTED_SIGNER, null, null, null, List.of(NO_STORE)), null, null);
        }
        Verification verification = new NotationVerifier(Clock.fixed(now, ZoneOffset.UTC))
                .verify(material.payload(), material.mediaType(), image.digest(), new NotationTrustPolicy(store, List.of("*")));
        return new Checked(verification, null, null);
    }
}
