package io.keelwatch.platform;

/**
 * The one way Keelwatch writes a CSV cell, for every export: exported values come from callers and
 * scanners (usernames, paths, scanner text), so a spreadsheet must open each cell as text. A cell a
 * spreadsheet could read as a formula or a DDE call gets a leading single quote (OWASP "CSV
 * injection"); then every cell is quoted alike (RFC 4180: in double quotes, inner quotes doubled),
 * so no reader has to guess where a cell ends.
 */
public final class CsvCells {

    /**
     * First characters after which a spreadsheet may evaluate a cell: OWASP's list (= + - @, tab,
     * carriage return), a line feed, a space or {@code |} (a formula or DDE call can follow them),
     * and the full-width = + - @, which some spreadsheets read as the ASCII ones.
     */
    private static final String FORMULA_STARTS = "=+-@\t\r\n |\uFF1D\uFF0B\uFF0D\uFF20";

    private CsvCells() {
    }

    /** One quoted cell; {@code null} is the empty cell. */
    public static String cell(Object value) {
        String text = value == null ? "" : value.toString();
        if (!text.isEmpty() && FORMULA_STARTS.indexOf(text.charAt(0)) >= 0) {
            text = "'" + text;
        }
        return '"' + text.replace("\"", "\"\"") + '"';
    }

    /** One record: the cells separated by commas, ended by CRLF. */
    public static String row(Object... values) {
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
