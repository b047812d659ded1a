package io.keelwatch.signing.signatures;

import io.keelwatch.signing.trust.TrustQueries;
import io.keelwatch.signing.verify.CosignKeySignatureVerifier;
import io.keelwatch.signing.verify.PublicKeyPem;
import io.keelwatch.signing.verify.SigningKeyCandidate;
import io.keelwatch.signing.verify.Verification;
import io.keelwatch.signing.verify.Verification.Status;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * Key-based cosign: the stored keys are the candidates (trusted for the image's project first), plus the key
 * the submitter sent, which only ever tells "untrusted signer" from "invalid".
 */
@Component
class CosignKeyFormat implements FormatVerifier {

    private final CosignKeySignatureVerifier verifier;
    private final TrustQueries trust;

    CosignKeyFormat(CosignKeySignatureVerifier verifier, TrustQueries trust) {
        this.verifier = verifier;
        this.trust = trust;
    }

    @Override
    public SignatureFormat format() {
        return SignatureFormat.COSIGN;
    }

    @Override
    public boolean accepts(SignatureMaterial material) {
        return material.certificate() == null;
    }

    @Override
    public Checked verify(SignatureMaterial material, ImageInScope image, Instant now) {
        byte[] signature;
        try {
            signature = Base64.getMimeDecoder().decode(material.signature());
        } catch (IllegalArgumentException e) {
            return new Checked(new Verification(Status.INVALID, null, null, null, List.of("The signature is not base64.")), null, null);
        }
        List<SigningKeyCandidate> candidates = new ArrayList<>(trust.candidates(image.projectId(), image.teamId(), now));
        if (material.publicKey() != null) {
            try {
                candidates.add(new SigningKeyCandidate(null, PublicKeyPem.parse(material.publicKey()),
                        "the key is not trusted here (it was sent with the signature)."));
            } catch (PublicKeyPem.Refused e) {
                // checked when submitted; a stored key that no longer parses is simply no candidate
            }
        }
        CosignKeySignatureVerifier.Outcome outcome = verifier.verify(material.payload(), signature, image.digest(), candidates);
        return new Checked(outcome.verification(), outcome.signer().map(SigningKeyCandidate::id).orElse(null), null);
    }
}
