package io.keelwatch.signing.signatures;

import io.keelwatch.signing.verify.Verification;
import java.time.Instant;

/**
 * Verifies one kind of signature material for an image. Several beans may share a format (key-based and
 * keyless cosign): {@link SignatureIngest} takes the first of the format's beans that {@link #accepts} the
 * material.
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
     * @param payload     the signed bytes (cosign), the artifact a Sigstore bundle signs (empty when not sent), or
     *                    the Notation envelope
     * @param signature   base64, or null
     * @param publicKey   PEM sent with the signature, or null
     * @param certificate PEM signing certificate of keyless cosign, or null
     * @param bundle      a Sigstore bundle's JSON, or cosign's Rekor bundle (keyless cosign), or null
     * @param mediaType   a Notation envelope's media type (JWS or COSE), or null to tell by its first byte
     */
    record SignatureMaterial(SignatureFormat format, byte[] payload, String signature, String publicKey, String certificate,
            String bundle, String mediaType) {
    }
}
