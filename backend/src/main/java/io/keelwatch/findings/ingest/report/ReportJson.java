package io.keelwatch.findings.ingest.report;

import java.io.InputStream;
import java.util.function.Consumer;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The JSON reading that report parsers share: a streaming parser, walks over objects and arrays
 * in the middle of it, and small trees read from there (one vulnerability at a time), which the
 * application's mapper would reject as "trailing tokens". A key given twice in one object makes
 * the report malformed: which of the two a parser would take is anybody's guess, and a parser that
 * meets a section twice (a second Trivy {@code Results}) would hand its findings over twice.
 */
@Component
public class ReportJson {

    /** Reads one property's value. The parser stands on the value; the reader must consume all of it. */
    @FunctionalInterface
    public interface PropertyReader {
        void read(String name, JsonParser parser);
    }

    private final JsonMapper json;

    public ReportJson(JsonMapper applicationMapper) {
        this.json = applicationMapper.rebuild()
                .disable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .build();
    }

    JsonParser parser(InputStream in) {
        return json.createParser(in);
    }

    public JsonNode tree(JsonParser parser) {
        return json.readTree(parser);
    }

    /**
     * Streams a report whose top level is one JSON object, handing each property to {@code reader}.
     * Invalid JSON, a top level that is not an object and content after it are a malformed report.
     */
    public void readDocument(InputStream report, String formatName, PropertyReader reader) {
        try (JsonParser parser = parser(report)) {
            parser.nextToken();
            JsonFields.expect(parser, JsonToken.START_OBJECT, "a JSON object");
            forEachProperty(parser, "the report object", reader);
            if (parser.nextToken() != null) {
                throw JsonFields.malformed(parser, "unexpected content after the report");
            }
        } catch (JacksonException e) {
            throw JsonFields.notJson("The " + formatName + " report", e);
        }
    }

    /**
     * Streams a report whose top level is either one JSON object (each property to {@code reader}) or
     * an array of objects (each element to {@code elements}, which must consume it), as kube-bench
     * writes either.
     */
    public void readObjectOrArray(InputStream report, String formatName, PropertyReader reader, Consumer<JsonParser> elements) {
        try (JsonParser parser = parser(report)) {
            JsonToken first = parser.nextToken();
            if (first == JsonToken.START_ARRAY) {
                forEachStreamedObject(parser, "the report array", elements);
            } else {
                JsonFields.expect(parser, JsonToken.START_OBJECT, "a JSON object or array");
                forEachProperty(parser, "the report object", reader);
            }
            if (parser.nextToken() != null) {
                throw JsonFields.malformed(parser, "unexpected content after the report");
            }
        } catch (JacksonException e) {
            throw JsonFields.notJson("The " + formatName + " report", e);
        }
    }

    /** Hands each property of the object the parser stands on to {@code reader}; a null object has none. */
    public void forEachProperty(JsonParser parser, String what, PropertyReader reader) {
        if (parser.currentToken() == JsonToken.VALUE_NULL) {
            return;
        }
        JsonFields.expect(parser, JsonToken.START_OBJECT, what);
        while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
            String name = parser.currentName();
            parser.nextToken();
            reader.read(name, parser);
        }
        JsonFields.expect(parser, JsonToken.END_OBJECT, "the end of " + what);
    }

    /** Streams the array the parser stands on: each element, which must be an object, is a tree on its own. */
    public void forEachObject(JsonParser parser, String what, Consumer<JsonNode> consumer) {
        forEachStreamedObject(parser, what, element -> consumer.accept(tree(element)));
    }

    /**
     * Streams the array the parser stands on without reading its elements: {@code reader} gets the
     * parser on each element's start and must consume the element. A null array has no elements.
     */
    public void forEachStreamedObject(JsonParser parser, String what, Consumer<JsonParser> reader) {
        if (parser.currentToken() == JsonToken.VALUE_NULL) {
            return;
        }
        JsonFields.expect(parser, JsonToken.START_ARRAY, what);
        while (parser.nextToken() == JsonToken.START_OBJECT) {
            reader.accept(parser);
        }
        JsonFields.expect(parser, JsonToken.END_ARRAY, "the end of " + what);
    }
}
