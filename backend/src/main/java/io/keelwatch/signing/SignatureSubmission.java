package io.keelwatch.signing;

import io.keelwatch.platform.RefusesUnknownFields;
import tools.jackson.databind.JsonNode;

/**
 * A signature of an image (or of a blob, named by its digest), as CI posts it after signing.
 *
 * @param image        the image as {@code repository@sha256:…} (or give {@code repository} and {@code digest})
 * @param project      the project's slug; absent: the project the repository rules map the repository to
 * @param format       {@code cosign} (default: a simple-signing payload and its signature, verified here),
 *                     {@code cosign-verify-output} (what {@code cosign verify --output json} printed: recorded as
 *                     reported, never as verified), {@code sigstore-bundle} (a Sigstore bundle), {@code notation} (a Notation envelope)
 * @param payload      the simple-signing payload, as it was signed: base64, or the JSON text itself
 * @param signature    the signature, base64 (cosign's {@code dev.cosignproject.cosign/signature} annotation)
 * @param publicKey    optional: the PEM public key that made it, so a signature by a key not trusted here reads as
 *                     "untrusted signer" rather than "invalid" (it never makes the key trusted)
 * @param certificate  keyless cosign: the PEM signing certificate ({@code dev.sigstore.cosign/certificate})
 * @param chain        keyless cosign: its chain (accepted, not used: intermediates come from the trusted root)
 * @param bundle       {@code sigstore-bundle}: the bundle (JSON, or a string holding it); keyless cosign: cosign's
 *                     Rekor bundle ({@code dev.sigstore.cosign/bundle})
 * @param verifyOutput for {@code cosign-verify-output}: the JSON array cosign printed
 * @param artifact     {@code sigstore-bundle}, optional: the signed blob, base64 (it must hash to what is signed)
 * @param envelope     {@code notation}: the signature envelope's bytes, base64
 * @param mediaType    {@code notation}, optional: {@code application/jose+json} or {@code application/cose}
 */
public record SignatureSubmission(String image, String repository, String digest, String project, String format,
        String payload, String signature, String publicKey, String certificate, String chain, JsonNode bundle,
        JsonNode verifyOutput, String artifact, String envelope, String mediaType) implements RefusesUnknownFields {
}
