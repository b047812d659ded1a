package io.keelwatch.signing.verify.notation;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads a Notation JWS envelope ({@code application/jose+json}): the flattened JSON serialization with
 * {@code protected}, {@code payload}, {@code signature} and the unprotected {@code header.x5c}.
 */
final class NotationJws {

    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    private NotationJws() {
    }

    static NotationEnvelope parse(byte[] envelope) {
        JsonNode jws = json(envelope, "The JWS envelope");
        String protectedPart = text(jws, "protected");
        String payloadPart = text(jws, "payload");
        JsonNode header = json(base64Url(protectedPart, "protected"), "The JWS protected header");
        List<byte[]> chain = new ArrayList<>();
        JsonNode x5c = jws.path("header").path("x5c");
        if (!x5c.isArray() || x5c.isEmpty()) {
            throw new NotationFormatException("The JWS envelope has no certificate chain (header.x5c).");
        }
        for (JsonNode certificate : x5c) {
            try {
                chain.add(Base64.getDecoder().decode(certificate.asString("")));
            } catch (IllegalArgumentException e) {
                throw new NotationFormatException("A certificate of the JWS envelope's x5c is not base64.", e);
            }
        }
        List<String> critical = new ArrayList<>();
        header.path("crit").forEach(name -> critical.add(name.asString("")));
        var names = new HashSet<String>();
        header.propertyNames().forEach(names::add);
        return new NotationEnvelope(header.path("alg").asString(null),
                (protectedPart + "." + payloadPart).getBytes(StandardCharsets.US_ASCII),
                base64Url(text(jws, "signature"), "signature"), List.copyOf(chain),
                header.path("cty").asString(null), header.path(NotationEnvelope.SIGNING_SCHEME).asString(null),
                time(header, NotationEnvelope.SIGNING_TIME), time(header, NotationEnvelope.EXPIRY),
                List.copyOf(critical), names, base64Url(payloadPart, "payload"));
    }

    private static JsonNode json(byte[] bytes, String what) {
        try {
            JsonNode node = MAPPER.readTree(bytes);
            if (node == null || !node.isObject()) {
                throw new NotationFormatException(what + " is not a JSON object.");
            }
            return node;
        } catch (JacksonException e) {
            throw new NotationFormatException(what + " is not valid JSON (truncated or damaged): " + e.getOriginalMessage(), e);
        }
    }

    private static String text(JsonNode jws, String field) {
        JsonNode node = jws.get(field);
        if (node == null || !node.isString()) {
            throw new NotationFormatException("The JWS envelope has no \"" + field + "\".");
        }
        return node.stringValue();
    }

    private static byte[] base64Url(String value, String field) {
        try {
            return Base64.getUrlDecoder().decode(value);
        } catch (IllegalArgumentException e) {
            throw new NotationFormatException("The JWS envelope's \"" + field + "\" is not base64url.", e);
        }
    }

    private static Instant time(JsonNode header, String name) {
        JsonNode value = header.get(name);
        if (value == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(value.asString("")).toInstant();
        } catch (DateTimeParseException e) {
            throw new NotationFormatException("The JWS header " + name + " \"" + value.asString("") + "\" is not an RFC 3339 time.", e);
        }
    }
}
