package io.keelwatch.findings.ingest;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import java.util.zip.GZIPOutputStream;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Deterministic mutations of a real report, as a careless or hostile uploader would send it: keys
 * given twice, values of the wrong JSON type, numbers no score allows, NUL and control characters,
 * text longer than every stored limit, bytes that are not UTF-8, and the report cut off every
 * kilobyte (plain and gzip, up to four cuts spread over a large report, and its last byte). The same seed and report give the same mutations in the same order, so
 * a failure names a mutation that can be replayed.
 */
final class ReportMutations {

    /** A body to upload and what was done to the report to make it. */
    record Mutation(String fixture, String category, String description, byte[] body) {

        @Override
        public String toString() {
            return fixture + ": " + category + " — " + description;
        }
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    /** A string value the serialized report holds once, replaced by raw text or bytes afterwards. */
    private static final String SENTINEL = "@@keelwatch-mutation@@";
    /** Longer than every stored text limit of the report model (the description's 20 000 included). */
    private static final int OVERLONG = 25_000;
    /** Numbers no CVSS score, count or version may be: beyond double, negative, denormal. */
    private static final List<String> NUMBERS = List.of("1e308", "-1e308", "1e400", "1" + "0".repeat(400), "-5",
            "0." + "0".repeat(400) + "1", "1e-400", "-0");
    private static final List<byte[]> INVALID_UTF8 = List.of(
            new byte[] {(byte) 0xC0, (byte) 0xAF}, // an overlong '/'
            new byte[] {(byte) 0xC0, (byte) 0x80}, // an overlong NUL
            new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, // a surrogate
            new byte[] {(byte) 0xFF, (byte) 0xFE}, // never in UTF-8
            new byte[] {(byte) 0x80}); // a lone continuation byte
    private static final List<String> CONTROL = List.of("a\u0000b", "\u0000", "bell\u0007 esc\u001b[31m back\b feed\f",
            "line\r\nnext\u2028sep\u0085", "tab\there\u007f");
    /** Cuts per report besides the last byte: every kilobyte of the small reports, spread over the large ones. */
    private static final int TRUNCATIONS = 4;

    private final String fixture;
    private final byte[] original;
    private final JsonNode root;
    private final Random random;
    /** Every node below the root, by its path (property names and array positions), in document order. */
    private final List<List<Object>> paths = new ArrayList<>();

    ReportMutations(String fixture, byte[] original, long seed) {
        this.fixture = fixture;
        this.original = original;
        this.root = JSON.readTree(original);
        this.random = new Random(seed ^ fixture.hashCode());
        walk(root, List.of());
    }

    /**
     * Every truncation (a refused upload costs little), and at most {@code limit} other mutations,
     * taken in turn from each category (each shuffled with the seed), so every category is tried on
     * every report whatever the limit.
     */
    List<Mutation> sample(int limit) {
        Map<String, List<Mutation>> byCategory = new LinkedHashMap<>();
        List<Mutation> sample = new ArrayList<>();
        truncations(sample);
        duplicateKeys(byCategory);
        wrongTypes(byCategory);
        numbers(byCategory);
        controlCharacters(byCategory);
        overlongText(byCategory);
        invalidUtf8(byCategory);
        byCategory.values().forEach(list -> Collections.shuffle(list, random));
        int end = sample.size() + limit;
        for (int round = 0; sample.size() < end; round++) {
            boolean any = false;
            for (List<Mutation> list : byCategory.values()) {
                if (round < list.size() && sample.size() < end) {
                    sample.add(list.get(round));
                    any = true;
                }
            }
            if (!any) {
                break;
            }
        }
        return sample;
    }

    private void duplicateKeys(Map<String, List<Mutation>> out) {
        if (root.isObject() && !root.propertyNames().isEmpty()) {
            for (String key : root.propertyNames()) {
                String text = new String(original, StandardCharsets.UTF_8);
                int end = text.lastIndexOf('}');
                for (String second : List.of("[]", "{\"x\": 1}", "null")) {
                    add(out, new Mutation(fixture, "duplicate key", "a second top-level \"" + key + "\": " + second,
                            (text.substring(0, end) + ", \"" + key + "\": " + second + "}").getBytes(StandardCharsets.UTF_8)));
                }
            }
        }
        for (List<Object> path : pick(p -> at(p).isObject() && !at(p).propertyNames().isEmpty(), 6)) {
            String key = at(path).propertyNames().iterator().next();
            add(out, raw("duplicate key", "a second \"" + key + "\" in " + show(path), copy -> {
                ((ObjectNode) locate(copy, path)).put(SENTINEL, SENTINEL);
                return copy;
            }, "\"" + SENTINEL + "\":\"" + SENTINEL + "\"", ("\"" + key + "\":12345").getBytes(StandardCharsets.UTF_8)));
        }
    }

    private void wrongTypes(Map<String, List<Mutation>> out) {
        List<Function<JsonNode, JsonNode>> replacements = List.of(
                node -> NODES.stringNode("wrong"),
                node -> NODES.numberNode(12345),
                node -> NODES.arrayNode().add(1).add("a"),
                node -> NODES.objectNode().put("a", 1),
                node -> NODES.nullNode(),
                node -> NODES.booleanNode(true),
                node -> NODES.arrayNode(),
                node -> NODES.objectNode());
        int turn = 0;
        for (List<Object> path : pick(p -> true, 24)) {
            JsonNode was = at(path);
            JsonNode replacement;
            do {
                replacement = replacements.get(turn++ % replacements.size()).apply(was);
            } while (replacement.getNodeType() == was.getNodeType() && replacement.size() == was.size());
            JsonNode value = replacement;
            add(out, tree("wrong type", show(path) + " (" + was.getNodeType() + ") becomes " + value,
                    copy -> replace(copy, path, value)));
        }
    }

    private void numbers(Map<String, List<Mutation>> out) {
        List<List<Object>> scores = paths.stream().filter(p -> scoreLike(p) && at(p).isValueNode()).toList();
        for (String number : NUMBERS) {
            if (!scores.isEmpty()) {
                add(out, raw("number", "every score-like value (" + scores.size() + ") is " + abbreviate(number), copy -> {
                    scores.forEach(p -> replace(copy, p, NODES.stringNode(SENTINEL)));
                    return copy;
                }, "\"" + SENTINEL + "\"", number.getBytes(StandardCharsets.US_ASCII)));
            }
            for (List<Object> path : pick(p -> at(p).isNumber() || at(p).isString(), 2)) {
                add(out, raw("number", show(path) + " is " + abbreviate(number),
                        copy -> replace(copy, path, NODES.stringNode(SENTINEL)),
                        "\"" + SENTINEL + "\"", number.getBytes(StandardCharsets.US_ASCII)));
            }
        }
    }

    private void controlCharacters(Map<String, List<Mutation>> out) {
        for (String text : CONTROL) {
            add(out, tree("control characters", "every string gets " + escape(text) + " appended",
                    copy -> mapStrings(copy, s -> s + text)));
            for (List<Object> path : pick(p -> at(p).isString(), 2)) {
                add(out, tree("control characters", show(path) + " is " + escape(text),
                        copy -> replace(copy, path, NODES.stringNode(at(path).asString() + text))));
            }
        }
        for (List<Object> path : pick(p -> at(p).isObject() && !at(p).propertyNames().isEmpty(), 2)) {
            add(out, tree("control characters", "a key with NUL in " + show(path), copy -> {
                ((ObjectNode) locate(copy, path)).put("ke\u0000y", "value\u0000");
                return copy;
            }));
        }
    }

    private void overlongText(Map<String, List<Mutation>> out) {
        String overlong = "x".repeat(OVERLONG);
        add(out, tree("overlong text", "every string is 2 100 characters longer (past the id, title and URL limits)",
                copy -> mapStrings(copy, s -> s + "y".repeat(2_100))));
        for (List<Object> path : pick(p -> at(p).isObject() && !at(p).propertyNames().isEmpty(), 3)) {
            add(out, tree("overlong text", "every string directly in " + show(path) + " is " + OVERLONG + " characters",
                    copy -> {
                        ObjectNode object = (ObjectNode) locate(copy, path);
                        for (String key : List.copyOf(object.propertyNames())) {
                            if (object.get(key).isString()) {
                                object.put(key, object.get(key).asString() + overlong);
                            }
                        }
                        return copy;
                    }));
        }
        for (List<Object> path : pick(p -> at(p).isString(), 3)) {
            add(out, tree("overlong text", show(path) + " is " + OVERLONG + " characters",
                    copy -> replace(copy, path, NODES.stringNode(overlong))));
        }
        for (List<Object> path : pick(p -> at(p).isArray(), 2)) {
            add(out, tree("overlong text", show(path) + " gets 2 000 more entries", copy -> {
                ArrayNode array = (ArrayNode) locate(copy, path);
                JsonNode model = array.isEmpty() ? NODES.stringNode("https://example.com/x") : array.get(0);
                for (int i = 0; i < 2_000; i++) {
                    array.add(model.deepCopy());
                }
                return copy;
            }));
        }
    }

    private void invalidUtf8(Map<String, List<Mutation>> out) {
        for (byte[] bytes : INVALID_UTF8) {
            for (List<Object> path : pick(p -> at(p).isString(), 2)) {
                add(out, raw("invalid UTF-8", show(path) + " holds " + hex(bytes),
                        copy -> replace(copy, path, NODES.stringNode(SENTINEL)),
                        SENTINEL, bytes));
            }
        }
    }

    private void truncations(List<Mutation> out) {
        List<Integer> offsets = new ArrayList<>();
        for (int at = 1024; at < original.length; at += 1024) {
            offsets.add(at);
        }
        if (offsets.size() > TRUNCATIONS) {
            List<Integer> spread = new ArrayList<>();
            for (int i = 0; i < TRUNCATIONS; i++) {
                spread.add(offsets.get(i * offsets.size() / TRUNCATIONS));
            }
            offsets = spread;
        }
        offsets.add(original.length - 1);
        for (int at : offsets) {
            byte[] cut = Arrays.copyOf(original, at);
            out.add(new Mutation(fixture, "truncated", "cut after " + at + " of " + original.length + " bytes", cut));
            out.add(new Mutation(fixture, "truncated gzip", "gzip of the report cut after " + at + " bytes", gzip(cut)));
        }
        byte[] whole = gzip(original);
        out.add(new Mutation(fixture, "truncated gzip", "the gzip of the whole report cut in half",
                Arrays.copyOf(whole, whole.length / 2)));
    }

    private static void add(Map<String, List<Mutation>> byCategory, Mutation mutation) {
        byCategory.computeIfAbsent(mutation.category(), c -> new ArrayList<>()).add(mutation);
    }

    /** A mutation made on a copy of the tree and serialized. */
    private Mutation tree(String category, String description, Function<JsonNode, JsonNode> change) {
        return new Mutation(fixture, category, description, JSON.writeValueAsBytes(change.apply(root.deepCopy())));
    }

    /** A mutation made on a copy of the tree, whose serialized {@code marker} is then replaced by raw bytes. */
    private Mutation raw(String category, String description, Function<JsonNode, JsonNode> change, String marker, byte[] bytes) {
        byte[] serialized = JSON.writeValueAsBytes(change.apply(root.deepCopy()));
        String text = new String(serialized, StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int from = 0;
        for (int at = text.indexOf(marker); at >= 0; at = text.indexOf(marker, from)) {
            out.writeBytes(text.substring(from, at).getBytes(StandardCharsets.UTF_8));
            out.writeBytes(bytes);
            from = at + marker.length();
        }
        out.writeBytes(text.substring(from).getBytes(StandardCharsets.UTF_8));
        return new Mutation(fixture, category, description, out.toByteArray());
    }

    /** Up to {@code count} distinct paths that satisfy {@code test}, chosen with the seed. */
    private List<List<Object>> pick(java.util.function.Predicate<List<Object>> test, int count) {
        List<List<Object>> candidates = new ArrayList<>(paths.stream().filter(test).toList());
        Collections.shuffle(candidates, random);
        return candidates.subList(0, Math.min(count, candidates.size()));
    }

    private void walk(JsonNode node, List<Object> path) {
        if (!path.isEmpty()) {
            paths.add(path);
        }
        if (node.isObject()) {
            for (Map.Entry<String, JsonNode> entry : node.properties()) {
                walk(entry.getValue(), append(path, entry.getKey()));
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                walk(node.get(i), append(path, i));
            }
        }
    }

    private JsonNode at(List<Object> path) {
        return locate(root, path);
    }

    private static JsonNode locate(JsonNode from, List<Object> path) {
        JsonNode node = from;
        for (Object step : path) {
            node = step instanceof Integer i ? node.get(i) : node.get((String) step);
        }
        return node;
    }

    private static JsonNode replace(JsonNode copy, List<Object> path, JsonNode value) {
        JsonNode parent = locate(copy, path.subList(0, path.size() - 1));
        Object last = path.get(path.size() - 1);
        if (last instanceof Integer i) {
            ((ArrayNode) parent).set(i, value);
        } else {
            ((ObjectNode) parent).set((String) last, value);
        }
        return copy;
    }

    private static JsonNode mapStrings(JsonNode node, Function<String, String> change) {
        if (node.isObject()) {
            ObjectNode object = (ObjectNode) node;
            for (String key : List.copyOf(object.propertyNames())) {
                JsonNode value = object.get(key);
                object.set(key, value.isString() ? NODES.stringNode(change.apply(value.asString())) : mapStrings(value, change));
            }
        } else if (node.isArray()) {
            ArrayNode array = (ArrayNode) node;
            for (int i = 0; i < array.size(); i++) {
                JsonNode value = array.get(i);
                array.set(i, value.isString() ? NODES.stringNode(change.apply(value.asString())) : mapStrings(value, change));
            }
        }
        return node;
    }

    /** A CVSS score or a severity: what "-5 as a CVSS score" and "1e308" aim at in every format. */
    private static boolean scoreLike(List<Object> path) {
        Object last = path.get(path.size() - 1);
        if (!(last instanceof String name)) {
            return false;
        }
        String lower = name.toLowerCase(Locale.ROOT);
        return lower.contains("score") || lower.contains("severity") || lower.equals("rank") || lower.equals("version")
                || lower.equals("schemaversion");
    }

    private static List<Object> append(List<Object> path, Object step) {
        List<Object> longer = new ArrayList<>(path);
        longer.add(step);
        return List.copyOf(longer);
    }

    private static String show(List<Object> path) {
        StringBuilder text = new StringBuilder("$");
        for (Object step : path) {
            text.append(step instanceof Integer i ? "[" + i + "]" : "." + step);
        }
        return text.toString();
    }

    private static String abbreviate(String number) {
        return number.length() > 20 ? number.substring(0, 8) + "…(" + number.length() + " characters)" : number;
    }

    private static String escape(String text) {
        StringBuilder out = new StringBuilder();
        text.chars().forEach(c -> out.append(c < 0x20 || c == 0x7f || c > 0x7e ? String.format("\\u%04x", c) : String.valueOf((char) c)));
        return out.toString();
    }

    private static String hex(byte[] bytes) {
        StringBuilder out = new StringBuilder();
        for (byte b : bytes) {
            out.append(String.format("%02X ", b & 0xff));
        }
        return out.toString().trim();
    }

    static byte[] gzip(byte[] bytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
            gzip.write(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
