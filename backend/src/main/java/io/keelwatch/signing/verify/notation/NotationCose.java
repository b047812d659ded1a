package io.keelwatch.signing.verify.notation;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.cbor.CBORMapper;

/**
 * Reads a Notation COSE envelope ({@code application/cose}): a tagged COSE_Sign1 (RFC 9052) whose protected
 * header carries the algorithm (label 1), critical headers (2), content type (3) and Notation's signing
 * scheme, signing time and expiry (epoch seconds), and whose unprotected header carries the certificate
 * chain (x5chain, label 33). The signed bytes are the Sig_structure
 * {@code ["Signature1", protected, h'', payload]}.
 */
final class NotationCose {

    private static final CBORMapper MAPPER = CBORMapper.builder().build();
    private static final int COSE_SIGN1_TAG = 0xD2;
    private static final String ALGORITHM = "1";
    private static final String CRITICAL = "2";
    private static final String CONTENT_TYPE = "3";
    private static final String X5CHAIN = "33";
    private static final Map<Long, String> ALGORITHMS = Map.of(
            -37L, "PS256", -38L, "PS384", -39L, "PS512", -7L, "ES256", -35L, "ES384", -36L, "ES512");

    private NotationCose() {
    }

    static NotationEnvelope parse(byte[] envelope) {
        if (envelope.length == 0 || (envelope[0] & 0xff) != COSE_SIGN1_TAG) {
            throw new NotationFormatException("The COSE envelope is not a tagged COSE_Sign1 message.");
        }
        JsonNode message = cbor(envelope, "The COSE envelope");
        if (!message.isArray() || message.size() != 4) {
            throw new NotationFormatException("The COSE envelope is not a COSE_Sign1 array of four.");
        }
        byte[] protectedBytes = bytes(message.get(0), "protected header");
        byte[] payload = bytes(message.get(2), "payload");
        byte[] signature = bytes(message.get(3), "signature");
        JsonNode header = cbor(protectedBytes, "The COSE protected header");
        if (!header.isObject()) {
            throw new NotationFormatException("The COSE protected header is not a map.");
        }
        JsonNode x5chain = message.get(1).path(X5CHAIN);
        List<byte[]> chain = new ArrayList<>();
        if (x5chain.isBinary()) {
            chain.add(x5chain.binaryValue());
        } else {
            x5chain.forEach(certificate -> chain.add(bytes(certificate, "x5chain certificate")));
        }
        if (chain.isEmpty()) {
            throw new NotationFormatException("The COSE envelope has no certificate chain (x5chain).");
        }
        List<String> critical = new ArrayList<>();
        header.path(CRITICAL).forEach(label -> critical.add(label.asString("")));
        JsonNode algorithm = header.path(ALGORITHM);
        var names = new HashSet<>(header.propertyNames());
        return new NotationEnvelope(algorithm.isIntegralNumber() ? ALGORITHMS.get(algorithm.longValue()) : null,
                sigStructure(protectedBytes, payload), signature, List.copyOf(chain),
                header.path(CONTENT_TYPE).asString(null), header.path(NotationEnvelope.SIGNING_SCHEME).asString(null),
                time(header, NotationEnvelope.SIGNING_TIME), time(header, NotationEnvelope.EXPIRY),
                List.copyOf(critical), names, payload);
    }

    private static JsonNode cbor(byte[] bytes, String what) {
        try {
            JsonNode node = MAPPER.readTree(bytes);
            if (node == null || node.isMissingNode()) {
                throw new NotationFormatException(what + " is empty.");
            }
            return node;
        } catch (JacksonException e) {
            throw new NotationFormatException(what + " is not valid CBOR (truncated or damaged): " + e.getOriginalMessage(), e);
        }
    }

    private static byte[] bytes(JsonNode node, String what) {
        if (node == null || !node.isBinary()) {
            throw new NotationFormatException("The COSE envelope's " + what + " is not a byte string.");
        }
        return node.binaryValue();
    }

    /** Notation writes times as CBOR tag 1 (epoch seconds), which reads as the number. */
    private static Instant time(JsonNode header, String label) {
        JsonNode value = header.get(label);
        if (value == null) {
            return null;
        }
        if (!value.isIntegralNumber()) {
            throw new NotationFormatException("The COSE header " + label + " is not a time in epoch seconds.");
        }
        return Instant.ofEpochSecond(value.longValue());
    }

    /** CBOR of {@code ["Signature1", protected, h'' (no external data), payload]}. */
    private static byte[] sigStructure(byte[] protectedBytes, byte[] payload) {
        var out = new ByteArrayOutputStream();
        head(out, 4, 4);
        byte[] context = "Signature1".getBytes(StandardCharsets.US_ASCII);
        head(out, 3, context.length);
        out.writeBytes(context);
        head(out, 2, protectedBytes.length);
        out.writeBytes(protectedBytes);
        head(out, 2, 0);
        head(out, 2, payload.length);
        out.writeBytes(payload);
        return out.toByteArray();
    }

    private static void head(ByteArrayOutputStream out, int majorType, long length) {
        int major = majorType << 5;
        if (length < 24) {
            out.write(major | (int) length);
        } else if (length < 0x100) {
            out.write(major | 24);
            out.write((int) length);
        } else if (length < 0x10000) {
            out.write(major | 25);
            out.write((int) (length >> 8));
            out.write((int) length);
        } else {
            out.write(major | 26);
            for (int shift = 24; shift >= 0; shift -= 8) {
                out.write((int) (length >> shift));
            }
        }
    }
}
