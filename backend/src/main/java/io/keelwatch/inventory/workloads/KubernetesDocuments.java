package io.keelwatch.inventory.workloads;

import io.keelwatch.platform.CommonProblem;
import io.keelwatch.platform.InboundText;
import io.keelwatch.platform.KeelwatchException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;
import org.springframework.stereotype.Component;
import org.springframework.util.unit.DataSize;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * A posted Kubernetes document as a tree: JSON or YAML (several YAML documents become a {@code List}),
 * plain or gzip ({@code Content-Encoding: gzip}, or gzip's magic bytes), never more than the
 * configured size after inflating (413), well-formed UTF-8 (400). YAML is read by SnakeYAML's
 * {@link SafeConstructor} (plain maps, lists and scalars: no type a document could name), with
 * aliases, nesting and size bounded, so an alias bomb or a deep document is refused, not expanded.
 */
@Component
class KubernetesDocuments {

    private static final int MAX_ALIASES = 50;
    private static final int MAX_NESTING = 64;

    private final JsonMapper json = JsonMapper.builder().build();
    private final JsonNodeFactory nodes = JsonNodeFactory.instance;

    JsonNode read(InputStream body, long declaredLength, String contentType, String contentEncoding, DataSize limit) {
        long max = limit.toBytes();
        if (declaredLength > max) {
            throw tooLarge(limit);
        }
        String type = mediaType(contentType);
        String encoding = contentEncoding == null ? "identity" : contentEncoding.strip().toLowerCase(Locale.ROOT);
        if (!encoding.equals("gzip") && !encoding.equals("identity") && !encoding.isEmpty()) {
            throw new KeelwatchException(CommonProblem.UNSUPPORTED_MEDIA_TYPE,
                    "Content-Encoding '" + encoding + "' is not read; send the document plain or gzip-compressed.");
        }
        byte[] bytes = bounded(body, max, limit);
        if (encoding.equals("gzip") || bytes.length >= 2 && (bytes[0] & 0xff) == 0x1f && (bytes[1] & 0xff) == 0x8b) {
            bytes = inflate(bytes, max, limit);
        }
        String text = InboundText.strictUtf8(bytes);
        if (text == null) {
            throw new KeelwatchException(CommonProblem.INVALID_REQUEST, "The document is not well-formed UTF-8.");
        }
        if (text.isBlank()) {
            throw new KeelwatchException(CommonProblem.INVALID_REQUEST, "The document is empty.");
        }
        boolean yaml = type.contains("yaml") || !type.contains("json") && !startsLikeJson(text);
        return yaml ? yaml(text, max) : json(text);
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

    private JsonNode yaml(String text, long max) {
        LoaderOptions options = new LoaderOptions();
        options.setMaxAliasesForCollections(MAX_ALIASES);
        options.setAllowRecursiveKeys(false);
        options.setNestingDepthLimit(MAX_NESTING);
        options.setCodePointLimit((int) Math.min(Integer.MAX_VALUE, max));
        options.setAllowDuplicateKeys(false);
        Yaml yaml = new Yaml(new SafeConstructor(options));
        List<JsonNode> documents = new ArrayList<>();
        // aliases share what they name: a document of a few aliases can stand for millions of nodes, so the tree
        // may hold no more nodes than its text could spell out without them
        int[] budget = {text.length() / 2 + 10_000};
        try {
            for (Object document : yaml.loadAll(text)) {
                if (document != null) {
                    documents.add(node(document, 0, budget));
                }
            }
        } catch (YAMLException e) {
            throw new KeelwatchException(CommonProblem.INVALID_REQUEST, "Malformed or refused YAML: " + firstLine(e.getMessage()), e);
        }
        if (documents.isEmpty()) {
            throw new KeelwatchException(CommonProblem.INVALID_REQUEST, "The YAML holds no document.");
        }
        if (documents.size() == 1) {
            return documents.get(0);
        }
        ObjectNode list = nodes.objectNode();
        list.put("kind", "List");
        ArrayNode items = list.putArray("items");
        documents.forEach(items::add);
        return list;
    }

    /** SafeConstructor's values as a tree; anything but maps, lists, strings, numbers and booleans (a date) becomes its text. */
    private JsonNode node(Object value, int depth, int[] budget) {
        if (depth > MAX_NESTING) {
            throw new KeelwatchException(CommonProblem.INVALID_REQUEST, "The YAML nests deeper than " + MAX_NESTING + " levels.");
        }
        if (--budget[0] < 0) {
            throw new KeelwatchException(CommonProblem.INVALID_REQUEST,
                    "The YAML's aliases expand to far more than its text holds; send it without anchors and aliases.");
        }
        if (value == null) {
            return nodes.nullNode();
        }
        if (value instanceof Map<?, ?> map) {
            ObjectNode object = nodes.objectNode();
            map.forEach((k, v) -> object.set(String.valueOf(k), node(v, depth + 1, budget)));
            return object;
        }
        if (value instanceof List<?> list) {
            ArrayNode array = nodes.arrayNode();
            list.forEach(v -> array.add(node(v, depth + 1, budget)));
            return array;
        }
        if (value instanceof Boolean b) {
            return nodes.booleanNode(b);
        }
        if (value instanceof Integer || value instanceof Long) {
            return nodes.numberNode(((Number) value).longValue());
        }
        if (value instanceof Number n) {
            return nodes.stringNode(n.toString());
        }
        return nodes.stringNode(value.toString());
    }

    private static byte[] bounded(InputStream in, long max, DataSize limit) {
        try {
            byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, max + 1));
            if (bytes.length > max) {
                throw tooLarge(limit);
            }
            return bytes;
        } catch (IOException e) {
            throw new KeelwatchException(CommonProblem.INVALID_REQUEST, "The upload broke off.", e);
        }
    }

    private static byte[] inflate(byte[] gzip, long max, DataSize limit) {
        try (InputStream in = new GZIPInputStream(new java.io.ByteArrayInputStream(gzip))) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buffer = new byte[64 * 1024];
            long total = 0;
            for (int n; (n = in.read(buffer)) > 0; ) {
                total += n;
                if (total > max) {
                    throw tooLarge(limit);
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

    private static KeelwatchException tooLarge(DataSize limit) {
        return new KeelwatchException(CommonProblem.PAYLOAD_TOO_LARGE, "A workload document may hold at most " + limit.toMegabytes()
                + " MB (after inflating gzip); post large clusters one namespace at a time (?namespace=).");
    }

    private static String firstLine(String message) {
        String line = message == null ? "" : message.strip().lines().findFirst().orElse("");
        return line.length() > 200 ? line.substring(0, 200) : line;
    }
}
