package io.keelwatch.findings.ingest.report;

import io.keelwatch.findings.FindingsProblem;
import io.keelwatch.platform.KeelwatchException;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.JsonNode;

/** Lenient readers for report fields: a missing or mistyped optional field is null, not an error. */
public final class JsonFields {

    /** Longer numeric text is no score: parsing it would cost time for nothing. */
    private static final int MAX_NUMBER_TEXT = 32;

    private JsonFields() {
    }

    public static String text(JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        if (value == null || value.isNull() || value.isContainer()) {
            return null;
        }
        String text = value.asString();
        return text.isEmpty() ? null : text;
    }

    /** A whole number that fits an int; a fraction, an overflow or text is none. */
    public static Integer integer(JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        return value != null && value.isIntegralNumber() && value.canConvertToInt() ? value.intValue() : null;
    }

    /**
     * A CVSS-like score, given either as a JSON number or as a numeric string (SARIF's
     * {@code "security-severity": "8.2"}); a value outside 0–10 is no score.
     */
    public static BigDecimal score(JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        if (value != null && value.isNumber()) {
            // 1e400 reads as an infinite double, which has no decimal value
            return value.isFloatingPointNumber() && !Double.isFinite(value.doubleValue()) ? null
                    : ReportValues.score(value.decimalValue());
        }
        if (value != null && value.isString() && value.asString().length() <= MAX_NUMBER_TEXT) {
            try {
                return ReportValues.score(new BigDecimal(value.asString().trim()));
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }

    /**
     * The value the streaming parser stands on, as text (a number or boolean as written); an object
     * or array is skipped and is none, so a mistyped field never leaves the parser inside it.
     */
    public static String text(JsonParser parser) {
        if (parser.currentToken().isStructStart()) {
            parser.skipChildren();
            return null;
        }
        return parser.getValueAsString();
    }

    /** The value the streaming parser stands on as an int, if it is a whole number that fits one; anything else is skipped. */
    public static Integer integer(JsonParser parser) {
        if (parser.currentToken().isStructStart()) {
            parser.skipChildren();
            return null;
        }
        return parser.currentToken() == JsonToken.VALUE_NUMBER_INT && parser.getNumberType() == JsonParser.NumberType.INT
                ? parser.getIntValue() : null;
    }

    public static List<String> texts(JsonNode node, String field) {
        return texts(node == null ? null : node.get(field));
    }

    /** The strings of an array node; anything else has none. */
    public static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        if (array != null && array.isArray()) {
            for (JsonNode element : array) {
                if (element.isString()) {
                    out.add(element.asString());
                }
            }
        }
        return out;
    }

    public static OffsetDateTime timestamp(String value) {
        if (value == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(value);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    public static void expect(JsonParser parser, JsonToken token, String what) {
        JsonToken actual = parser.currentToken();
        if (actual != token) {
            throw malformed(parser, "expected " + what + " but found " + (actual == null ? "end of input" : actual.asString()));
        }
    }

    /**
     * What Jackson found wrong, for people: its own message without the parser internals it
     * sometimes appends ("start marker at [Source: REDACTED …]"), and where, if it knows.
     */
    public static KeelwatchException notJson(String what, JacksonException e) {
        String message = e.getOriginalMessage();
        int internals = message.indexOf(" (start marker at");
        if (internals >= 0) {
            message = message.substring(0, internals);
        }
        var location = e.getLocation();
        String where = location == null || location.getLineNr() < 1 ? ""
                : " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
        return new KeelwatchException(FindingsProblem.MALFORMED_REPORT, what + " is not valid JSON: " + message + where + ".");
    }

    public static KeelwatchException malformed(JsonParser parser, String problem) {
        var location = parser.currentLocation();
        return new KeelwatchException(FindingsProblem.MALFORMED_REPORT,
                "Report is not valid: " + problem + " at line " + location.getLineNr() + ", column " + location.getColumnNr() + ".");
    }
}
