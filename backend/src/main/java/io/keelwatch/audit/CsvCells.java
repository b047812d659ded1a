package io.keelwatch.audit;

/**
 * One CSV cell (RFC 4180) that a spreadsheet opens as text: quoted when it holds a comma, quote or
 * line break, inner quotes doubled, and a cell starting with {@code = + - @} (or a tab or carriage
 * return) prefixed with a single quote so Excel or LibreOffice never runs it as a formula
 * (OWASP "CSV injection"). Audit values come from callers: usernames, paths, scanner text.
 */
final class CsvCells {

    private CsvCells() {
    }

    static String cell(Object value) {
        if (value == null) {
            return "";
        }
        String text = value.toString();
        if (!text.isEmpty() && "=+-@\t\r".indexOf(text.charAt(0)) >= 0) {
            text = "'" + text;
        }
        boolean quote = text.indexOf(',') >= 0 || text.indexOf('"') >= 0 || text.indexOf('\n') >= 0 || text.indexOf('\r') >= 0;
        return quote ? '"' + text.replace("\"", "\"\"") + '"' : text;
    }

    static String row(Object... values) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < values.length; i++) {
            if (i > 0) {
                line.append(',');
            }
            line.append(cell(values[i]));
        }
        return line.append("\r\n").toString();
    }
}
