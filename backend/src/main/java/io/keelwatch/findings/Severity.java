package io.keelwatch.findings;

import java.util.Locale;

/** Scanner severities normalised to one scale, most severe first. */
public enum Severity {
    CRITICAL, HIGH, MEDIUM, LOW, UNKNOWN;

    public static Severity parse(String value) {
        if (value == null) {
            return UNKNOWN;
        }
        return switch (value.trim().toUpperCase(Locale.ROOT)) {
            case "CRITICAL" -> CRITICAL;
            case "HIGH", "ERROR" -> HIGH;
            case "MEDIUM", "MODERATE", "WARNING" -> MEDIUM;
            case "LOW", "NEGLIGIBLE", "NOTE" -> LOW;
            default -> UNKNOWN;
        };
    }
}
