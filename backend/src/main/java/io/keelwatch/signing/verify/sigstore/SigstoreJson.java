package io.keelwatch.signing.verify.sigstore;

import java.util.Base64;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads the fields of Sigstore JSON (trusted roots, bundles, cosign's Rekor bundle) and turns every
 * missing or mistyped one into a {@link SigstoreFormatException} naming where it was expected.
 */
final class SigstoreJson {

    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    private SigstoreJson() {
    }

    static JsonNode readObject(byte[] json, String what) {
        if (json == null || json.length == 0) {
            throw new SigstoreFormatException(what + " is empty.");
        }
        JsonNode node;
        try {
            node = MAPPER.readTree(json);
        } catch (JacksonException e) {
            throw new SigstoreFormatException(what + " is not valid JSON (truncated or damaged): " + e.getOriginalMessage(), e);
        }
        if (node == null || !node.isObject()) {
            throw new SigstoreFormatException(what + " is not a JSON object.");
        }
        return node;
    }

    static JsonNode object(JsonNode parent, String field, String where) {
        JsonNode node = parent.get(field);
        if (node == null || !node.isObject()) {
            throw new SigstoreFormatException(where + " has no object \"" + field + "\".");
        }
        return node;
    }

    static JsonNode array(JsonNode parent, String field, String where) {
        JsonNode node = parent.get(field);
        if (node == null || !node.isArray()) {
            throw new SigstoreFormatException(where + " has no array \"" + field + "\".");
        }
        return node;
    }

    static String text(JsonNode parent, String field, String where) {
        JsonNode node = parent.get(field);
        if (node == null || !node.isString() || node.stringValue().isEmpty()) {
            throw new SigstoreFormatException(where + " has no text \"" + field + "\".");
        }
        return node.stringValue();
    }

    static String optionalText(JsonNode parent, String field) {
        JsonNode node = parent.get(field);
        return node != null && node.isString() ? node.stringValue() : null;
    }

    /** Protobuf's JSON writes 64-bit integers as strings; cosign's own JSON writes numbers. Both are read. */
    static long number(JsonNode parent, String field, String where) {
        JsonNode node = parent.get(field);
        if (node != null && node.isIntegralNumber()) {
            return node.longValue();
        }
        if (node != null && node.isString()) {
            try {
                return Long.parseLong(node.stringValue());
            } catch (NumberFormatException e) {
                // answered below
            }
        }
        throw new SigstoreFormatException(where + " has no integer \"" + field + "\".");
    }

    static byte[] base64(JsonNode parent, String field, String where) {
        return decodeBase64(text(parent, field, where), where + " \"" + field + "\"");
    }

    static byte[] decodeBase64(String value, String what) {
        try {
            return Base64.getDecoder().decode(value.replace('-', '+').replace('_', '/'));
        } catch (IllegalArgumentException e) {
            throw new SigstoreFormatException(what + " is not base64.", e);
        }
    }
}
