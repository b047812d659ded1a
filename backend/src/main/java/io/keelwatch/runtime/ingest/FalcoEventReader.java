package io.keelwatch.runtime.ingest;

import io.keelwatch.platform.InboundText;
import io.keelwatch.platform.KeelwatchException;
import io.keelwatch.runtime.Priority;
import io.keelwatch.runtime.RuntimeProblem;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reads Falco events — {@code types.FalcoPayload} as Falcosidekick's webhook posts it, Falco's own
 * {@code json_output} line — and bounds them where they enter. Missing {@code rule}, {@code priority},
 * {@code time} or {@code output_fields} (Falcosidekick itself answers 400 to those), an invalid time, an
 * unknown priority or a control character refuse the whole request. Strings are cut as Falcosidekick
 * cuts them: an event over 4 KiB has its string output fields over 512 characters cut (to 507 and
 * {@code [...]}); the output line is cut at 8 KiB characters.
 */
@Component
public class FalcoEventReader {

    static final int SIDEKICK_BIG_PAYLOAD = 4096;
    static final int SIDEKICK_FIELD_LIMIT = 512;
    static final int MAX_OUTPUT = 8192;
    static final int MAX_FIELDS = 512;
    static final int MAX_TAGS = 64;
    static final int MAX_SHORT = 512;
    /** Falco writes {@code <NA>} for a field the event has no value of. */
    private static final String NOT_AVAILABLE = "<NA>";

    private final JsonMapper json = JsonMapper.builder().build();

    /** One event (a request body of {@code application/json}). */
    public FalcoEvent readOne(byte[] body) {
        return read(body, "The event");
    }

    /** One event per non-blank line ({@code application/x-ndjson}); the first bad line refuses all. */
    public List<FalcoEvent> readLines(byte[] body, int maxLines) {
        List<FalcoEvent> events = new ArrayList<>();
        int start = 0;
        int line = 0;
        while (start < body.length) {
            int end = start;
            while (end < body.length && body[end] != '\n') {
                end++;
            }
            line++;
            byte[] bytes = java.util.Arrays.copyOfRange(body, start, end);
            if (!new String(bytes, StandardCharsets.UTF_8).isBlank()) {
                if (events.size() == maxLines) {
                    throw new KeelwatchException(RuntimeProblem.INVALID_EVENT,
                            "More than " + maxLines + " events in one request; split the file.");
                }
                events.add(read(bytes, "Line " + line));
            }
            start = end + 1;
        }
        if (events.isEmpty()) {
            throw invalid("The body holds no event.");
        }
        return events;
    }

    private FalcoEvent read(byte[] bytes, String where) {
        String text = InboundText.strictUtf8(bytes);
        if (text == null) {
            throw invalid(where + " is not UTF-8.");
        }
        JsonNode root;
        try {
            root = json.readTree(text);
        } catch (JacksonException e) {
            throw invalid(where + " is not JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw invalid(where + " is not a JSON object.");
        }
        String rule = required(root, "rule", where);
        String priorityText = required(root, "priority", where);
        Priority priority = Priority.fromFalco(priorityText).orElseThrow(() -> invalid(where
                + ": unknown priority; Falco's are Emergency, Alert, Critical, Error, Warning, Notice, Informational (or Info), Debug."));
        Instant time = time(required(root, "time", where), where);
        JsonNode fields = root.get("output_fields");
        if (fields == null || !fields.isObject()) {
            throw invalid(where + " has no output_fields object.");
        }
        if (fields.size() > MAX_FIELDS) {
            throw invalid(where + " has more than " + MAX_FIELDS + " output fields.");
        }
        boolean big = bytes.length > SIDEKICK_BIG_PAYLOAD;
        Map<String, JsonNode> sorted = new TreeMap<>();
        for (Map.Entry<String, JsonNode> field : fields.properties()) {
            checked(field.getKey(), where + ": an output field name", MAX_SHORT);
            sorted.put(field.getKey(), bounded(field.getValue(), big, where + ": output field " + field.getKey()));
        }
        ObjectNode canonical = JsonNodeFactory.instance.objectNode();
        sorted.forEach(canonical::set);
        String fieldsJson = json.writeValueAsString(canonical);
        String hostname = optional(root, "hostname", where);
        String output = optional(root, "output", where);
        if (output != null && output.length() > MAX_OUTPUT) {
            output = output.substring(0, MAX_OUTPUT - 5) + "[...]";
        }
        List<String> tags = tags(root.get("tags"), where);
        return new FalcoEvent(hostname, rule, priority, time, optional(root, "source", where), optional(root, "uuid", where),
                output, fieldsJson, tags, workload(canonical, "k8s.ns.name"), workload(canonical, "k8s.pod.name"),
                workload(canonical, "container.id"), identity(canonical, "container.image.repository"),
                identity(canonical, "container.image.tag"), identity(canonical, "container.image.digest"),
                hash(hostname, rule, time, fieldsJson));
    }

    private static String required(JsonNode root, String name, String where) {
        JsonNode node = root.get(name);
        if (node == null || !node.isString() || node.asString().isBlank()) {
            throw invalid(where + " has no " + name + ".");
        }
        return checked(node.asString(), where + ": " + name, MAX_SHORT);
    }

    private static String optional(JsonNode root, String name, String where) {
        JsonNode node = root.get(name);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isString()) {
            throw invalid(where + ": " + name + " is not a string.");
        }
        return checked(node.asString(), where + ": " + name, name.equals("output") ? Integer.MAX_VALUE : MAX_SHORT);
    }

    private static String checked(String value, String what, int max) {
        if (!InboundText.isAllowed(value)) {
            throw invalid(InboundText.refusal(what, value));
        }
        if (value.length() > max) {
            throw invalid(what + " is longer than " + max + " characters.");
        }
        return value;
    }

    /** A field's value: strings checked (and cut when the event is big), nested values kept as they are but checked. */
    private static JsonNode bounded(JsonNode value, boolean big, String what) {
        if (value.isString()) {
            String text = value.asString();
            if (!InboundText.isAllowed(text)) {
                throw invalid(InboundText.refusal(what, text));
            }
            if (big && text.length() > SIDEKICK_FIELD_LIMIT) {
                return JsonNodeFactory.instance.stringNode(text.substring(0, SIDEKICK_FIELD_LIMIT - 5) + "[...]");
            }
            return value;
        }
        if (value.isContainer()) {
            for (JsonNode child : value) {
                bounded(child, false, what);
            }
            for (Map.Entry<String, JsonNode> child : value.properties()) {
                checked(child.getKey(), what, MAX_SHORT);
            }
        }
        return value;
    }

    private static Instant time(String value, String where) {
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            throw invalid(where + ": time is not an RFC 3339 time (Falco writes 2023-05-25T13:44:05.478445995Z).");
        }
    }

    private static List<String> tags(JsonNode node, String where) {
        List<String> tags = new ArrayList<>();
        if (node == null || node.isNull()) {
            return tags;
        }
        if (!node.isArray() || node.size() > MAX_TAGS) {
            throw invalid(where + ": tags are not a list of at most " + MAX_TAGS + " strings.");
        }
        for (JsonNode tag : node) {
            if (!tag.isString()) {
                throw invalid(where + ": a tag is not a string.");
            }
            tags.add(checked(tag.asString(), where + ": a tag", MAX_SHORT));
        }
        return tags;
    }

    /** A fold-key part: '' when Falco gave none. */
    private static String workload(ObjectNode fields, String name) {
        String value = identity(fields, name);
        return value == null ? "" : value.length() > 253 ? value.substring(0, 253) : value;
    }

    private static String identity(ObjectNode fields, String name) {
        JsonNode node = fields.get(name);
        if (node == null || node.isNull() || node.isContainer()) {
            return null;
        }
        String value = node.asString();
        return value.isEmpty() || value.equals(NOT_AVAILABLE) ? null : value;
    }

    private static String hash(String hostname, String rule, Instant time, String fieldsJson) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (String part : List.of(hostname == null ? "" : hostname, rule, time.toString(), fieldsJson)) {
                byte[] bytes = part.getBytes(StandardCharsets.UTF_8);
                digest.update(java.nio.ByteBuffer.allocate(4).putInt(bytes.length).array()); // length-prefixed: no ambiguity
                digest.update(bytes);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static KeelwatchException invalid(String detail) {
        return new KeelwatchException(RuntimeProblem.INVALID_EVENT, detail);
    }
}
