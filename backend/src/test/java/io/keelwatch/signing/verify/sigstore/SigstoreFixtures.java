package io.keelwatch.signing.verify.sigstore;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.function.Consumer;

import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** The real Sigstore samples under {@code fixtures/cosign}, and one-byte changes to them. */
final class SigstoreFixtures {

    static final String BUNDLES = "cosign/sigstore-java__bundles/";
    static final String KEYLESS = "cosign/sigstore-rs__signature_layers__fulcio-cert/";
    /** sha256 of artifact.txt, the blob every sigstore-java bundle signs. */
    static final String ARTIFACT_DIGEST = "sha256:a0cfc71271d6e278e57cd332ff957c3f7043fdda354c4cbb190a30d56efa01bf";
    /** The image the sigstore-rs keyless simple-signing payload is about. */
    static final String KEYLESS_IMAGE_DIGEST = "sha256:5f481572d088dc4023afb35fced9530ced3d9b03bf7299c6f492163cb9f0452e";

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private SigstoreFixtures() {
    }

    static byte[] bytes(String path) {
        try (InputStream in = SigstoreFixtures.class.getResourceAsStream("/fixtures/" + path)) {
            if (in == null) {
                throw new IllegalArgumentException("No fixture " + path);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String text(String path) {
        return new String(bytes(path), StandardCharsets.UTF_8);
    }

    static SigstoreTrustedRoot trustedRoot() {
        return SigstoreTrustedRoot.parse(bytes(BUNDLES + "trusted_root.json"));
    }

    /** The JSON with one change made to its tree. */
    static byte[] edited(byte[] json, Consumer<ObjectNode> change) {
        ObjectNode tree = (ObjectNode) JSON.readTree(json);
        change.accept(tree);
        return JSON.writeValueAsBytes(tree);
    }

    /** Flips the lowest bit of one byte of a base64 field's decoded value. */
    static void flipBase64(ObjectNode parent, String field, int index) {
        parent.put(field, flipBase64(parent.get(field).asString(), index));
    }

    static String flipBase64(String base64, int index) {
        return Base64.getEncoder().encodeToString(flip(Base64.getDecoder().decode(base64), index));
    }

    /** Flips one bit in the first occurrence of {@code marker} within a base64 field's decoded value. */
    static void flipBase64Where(ObjectNode parent, String field, String marker) {
        byte[] value = Base64.getDecoder().decode(parent.get(field).asString());
        int at = new String(value, StandardCharsets.ISO_8859_1).indexOf(marker);
        if (at < 0) {
            throw new IllegalArgumentException(field + " does not hold " + marker);
        }
        parent.put(field, Base64.getEncoder().encodeToString(flip(value, at)));
    }

    static byte[] flip(byte[] bytes, int index) {
        byte[] copy = bytes.clone();
        int at = index < 0 ? copy.length + index : index;
        copy[at] ^= 1;
        return copy;
    }
}
