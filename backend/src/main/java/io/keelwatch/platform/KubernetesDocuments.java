package io.keelwatch.platform;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;
import org.springframework.stereotype.Component;
import org.springframework.util.unit.DataSize;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A posted Kubernetes document as a tree: JSON or YAML (several YAML documents become a {@code List}),
 * plain or gzip ({@code Content-Encoding: gzip}, or gzip's magic bytes), never more than the
 * caller's size after inflating (413), well-formed UTF-8 (400). YAML is read by {@link SafeYaml}. The one
 * reader of what {@code kubectl get … -o json|yaml} prints, for every endpoint a cluster posts to (workloads,
 * recovery objects), each declared a {@link BodyReadByItsEndpoint}.
 */
@Component
public class KubernetesDocuments {

    private final JsonMapper json = JsonMapper.builder().build();
    private final SafeYaml safeYaml;

    public KubernetesDocuments(SafeYaml safeYaml) {
        this.safeYaml = safeYaml;
    }

    /**
     * @param limit      the most the document may hold, after inflating
     * @param whenTooBig what a 413 adds after the limit: how to post less (e.g. one namespace at a time)
     */
    public JsonNode read(InputStream body, long declaredLength, String contentType, String contentEncoding, DataSize limit,
            String whenTooBig) {
        long max = limit.toBytes();
        if (declaredLength > max) {
            throw tooLarge(limit, whenTooBig);
        }
        String type = mediaType(contentType);
        String encoding = contentEncoding == null ? "identity" : contentEncoding.strip().toLowerCase(Locale.ROOT);
        if (!encoding.equals("gzip") && !encoding.equals("identity") && !encoding.isEmpty()) {
            throw new KeelwatchException(CommonProblem.UNSUPPORTED_MEDIA_TYPE,
                    "Content-Encoding '" + encoding + "' is not read; send the document plain or gzip-compressed.");
        }
        byte[] bytes = bounded(body, max, limit, whenTooBig);
        if (encoding.equals("gzip") || bytes.length >= 2 && (bytes[0] & 0xff) == 0x1f && (bytes[1] & 0xff) == 0x8b) {
            bytes = inflate(bytes, max, limit, whenTooBig);
        }
        String text = InboundText.strictUtf8(bytes);
        if (text == null) {
            throw new KeelwatchException(CommonProblem.INVALID_REQUEST, "The document is not well-formed UTF-8.");
        }
        if (text.isBlank()) {
            throw new KeelwatchException(CommonProblem.INVALID_REQUEST, "The document is empty.");
        }
        boolean yaml = type.contains("yaml") || !type.contains("json") && !startsLikeJson(text);
        return yaml ? safeYaml.tree(text, max) : json(text);
    }

    /** The media type without parameters; 415 for one that is neither JSON nor YAML (nor unnamed). */
    private static String mediaType(String contentType) {
        String type = contentType == null ? "" : contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        boolean known = type.isEmpty() || type.equals("application/octet-stream") || type.equals("text/plain")
                || type.equals("application/json") || type.endsWith("+json")
                || type.equals("application/yaml") || type.equals("application/x-yaml") || type.equals("text/yaml")
                || type.equals("text/x-yaml");
        if (!known) {
            throw new KeelwatchException(CommonProblem.UNSUPPORTED_MEDIA_TYPE, "Content-Type '" + type
                    + "' is not read; send application/json or application/yaml as kubectl prints it.");
        }
        return type;
    }

    private static boolean startsLikeJson(String text) {
        String start = text.stripLeading();
        return start.startsWith("{") || start.startsWith("[");
    }

    private JsonNode json(String text) {
        try {
            return json.readTree(text);
        } catch (JacksonException e) {
            throw new KeelwatchException(CommonProblem.INVALID_REQUEST, "Malformed JSON: " + e.getOriginalMessage(), e);
        }
    }

    private static byte[] bounded(InputStream in, long max, DataSize limit, String whenTooBig) {
        try {
            byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, max + 1));
            if (bytes.length > max) {
                throw tooLarge(limit, whenTooBig);
            }
            return bytes;
        } catch (IOException e) {
            throw new KeelwatchException(CommonProblem.INVALID_REQUEST, "The upload broke off.", e);
        }
    }

    private static byte[] inflate(byte[] gzip, long max, DataSize limit, String whenTooBig) {
        try (InputStream in = new GZIPInputStream(new java.io.ByteArrayInputStream(gzip))) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buffer = new byte[64 * 1024];
            long total = 0;
            for (int n; (n = in.read(buffer)) > 0; ) {
                total += n;
                if (total > max) {
                    throw tooLarge(limit, whenTooBig);
                }
                out.write(buffer, 0, n);
            }
            return out.toByteArray();
        } catch (ZipException e) {
            throw new KeelwatchException(CommonProblem.INVALID_REQUEST, "The body is not valid gzip.", e);
        } catch (IOException e) {
            throw new KeelwatchException(CommonProblem.INVALID_REQUEST, "The gzip body is truncated.", e);
        }
    }

    private static KeelwatchException tooLarge(DataSize limit, String whenTooBig) {
        return new KeelwatchException(CommonProblem.PAYLOAD_TOO_LARGE, "The document may hold at most " + limit.toMegabytes()
                + " MB (after inflating gzip); " + whenTooBig);
    }
}
