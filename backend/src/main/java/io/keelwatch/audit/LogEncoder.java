package io.keelwatch.audit;

/**
 * Makes user- and scanner-supplied text safe to put into one server log line: CR, LF and every
 * other control or line-separating character become visible escapes ({@code \n}, {@code \u2028}),
 * and quotes and backslashes are escaped, so a quoted value can neither start a new log line nor
 * close its quotes and fake another field.
 */
public final class LogEncoder {

    private LogEncoder() {
    }

    /** The value in double quotes, escaped; {@code null} for null. */
    public static String quoted(Object value) {
        return value == null ? "null" : '"' + escape(value.toString()) + '"';
    }

    public static String escape(String value) {
        StringBuilder out = new StringBuilder(value.length() + 8);
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '"' -> out.append("\\\"");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x7f || (c >= 0x80 && c <= 0x9f) || c == '\u2028' || c == '\u2029') {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }
}
