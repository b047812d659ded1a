package io.keelwatch.signing.signatures;

import io.keelwatch.signing.verify.Verification;
import java.time.Instant;

/**
 * Verifies one format of signature material for an image. One bean per format; {@link SignatureIngest}
 * dispatches on the submitted format and answers 415 for a format no bean verifies (Sigstore bundles,
 * keyless cosign and Notation until their verifiers in {@code signing.verify.sigstore} and
 * {@code signing.verify.notation} are adapted here).
 */
public interface FormatVerifier {

    SignatureFormat format();

    /** Whether this verifier takes the material (key-based cosign does not take a certificate or bundle). */
    default boolean accepts(SignatureMaterial material) {
        return true;
    }

    Checked verify(SignatureMaterial material, ImageInScope image, Instant now);

    /** What verifying found, and which stored key or identity vouched for (or made) the signature. */
    record Checked(Verification verification, Long keyId, Long identityId) {
    }

    /** The image the signature is checked for: its digest and the project whose trust applies. */
    record ImageInScope(long imageId, String digest, long projectId, long teamId) {
    }

    /**
     * The material as stored (bounded).
     *
     * @param payload     the signed bytes
     * @param signature   base64
     * @param publicKey   PEM sent with the signature, or null
     * @param certificate PEM certificate (and chain) or a bundle's JSON, or null
     */
    record SignatureMaterial(SignatureFormat format, byte[] payload, String signature, String publicKey, String certificate) {
    }
}
