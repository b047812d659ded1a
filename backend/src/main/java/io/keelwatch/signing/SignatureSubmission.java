package io.keelwatch.signing;

import io.keelwatch.platform.RefusesUnknownFields;
import tools.jackson.databind.JsonNode;

/**
 * A signature of an image, as CI posts it after {@code cosign sign}.
 *
 * @param image        the image as {@code repository@sha256:…} (or give {@code repository} and {@code digest})
 * @param project      the project's slug; absent: the project the repository rules map the repository to
 * @param format       {@code cosign} (default: a simple-signing payload and its signature, verified here),
 *                     {@code cosign-verify-output} (what {@code cosign verify --output json} printed: recorded as
 *                     reported, never as verified), {@code sigstore-bundle}, {@code notation} (not verified yet: 415)
 * @param payload      the simple-signing payload, as it was signed: base64, or the JSON text itself
 * @param signature    the signature, base64 (cosign's {@code dev.cosignproject.cosign/signature} annotation)
 * @param publicKey    optional: the PEM public key that made it, so a signature by a key not trusted here reads as
 *                     "untrusted signer" rather than "invalid" (it never makes the key trusted)
 * @param certificate  optional: the signing certificate (keyless; not verified yet)
 * @param chain        optional: its chain (keyless; not verified yet)
 * @param bundle       optional: a Sigstore bundle or cosign's Rekor bundle (not verified yet)
 * @param verifyOutput for {@code cosign-verify-output}: the JSON array cosign printed
 */
public record SignatureSubmission(String image, String repository, String digest, String project, String format,
        String payload, String signature, String publicKey, String certificate, String chain, JsonNode bundle,
        JsonNode verifyOutput) implements RefusesUnknownFields {
}
