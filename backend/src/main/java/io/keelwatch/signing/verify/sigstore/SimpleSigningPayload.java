package io.keelwatch.signing.verify.sigstore;

import tools.jackson.databind.JsonNode;

/** The image digest a cosign simple-signing payload ({@code critical.image.docker-manifest-digest}) is about. */
final class SimpleSigningPayload {

    static final String MEDIA_TYPE = "application/vnd.dev.cosign.simplesigning.v1+json";

    private SimpleSigningPayload() {
    }

    /** The digest the payload signs, or null when the bytes are no simple-signing payload. */
    static String manifestDigest(byte[] payload) {
        JsonNode json;
        try {
            json = SigstoreJson.readObject(payload, "The payload");
        } catch (SigstoreFormatException e) {
            return null;
        }
        JsonNode digest = json.path("critical").path("image").path("docker-manifest-digest");
        return digest.isString() ? digest.stringValue() : null;
    }
}
