package io.keelwatch.platform;

import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * YAML from outside (what {@code kubectl ... -o yaml} prints) as a JSON tree, read by SnakeYAML's
 * {@link SafeConstructor}: plain maps, lists and scalars, no type a document could name. Aliases,
 * nesting and size are bounded, so an alias bomb or a deep document is refused, not expanded.
 * Several documents ({@code ---}) become a Kubernetes {@code List} of them. Every refusal is a 400.
 */
@Component
public class SafeYaml {

    private static final int MAX_ALIASES = 50;
    private static final int MAX_NESTING = 64;

    private final JsonNodeFactory nodes = JsonNodeFactory.instance;

    /** @param maxChars the longest text read (the caller's upload limit) */
    public JsonNode tree(String text, long maxChars) {
        LoaderOptions options = new LoaderOptions();
        options.setMaxAliasesForCollections(MAX_ALIASES);
        options.setAllowRecursiveKeys(false);
        options.setNestingDepthLimit(MAX_NESTING);
        options.setCodePointLimit((int) Math.min(Integer.MAX_VALUE, maxChars));
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

    /** SafeConstructor's values as a tree; a timestamp becomes its ISO-8601 text, anything else unknown its text. */
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
        if (value instanceof Date date) {
            // an unquoted timestamp (creationTimestamp: 2022-12-08T15:50:37Z) as JSON would write it
            return nodes.stringNode(date.toInstant().toString());
        }
        return nodes.stringNode(value.toString());
    }

    private static String firstLine(String message) {
        String line = message == null ? "" : message.strip().lines().findFirst().orElse("");
        return line.length() > 200 ? line.substring(0, 200) : line;
    }
}
