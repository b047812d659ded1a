package io.keelwatch.findings;

import java.math.BigDecimal;
import java.util.Locale;

/** Scanner severities normalised to one scale, most severe first. */
public enum Severity {
    CRITICAL, HIGH, MEDIUM, LOW, UNKNOWN;

    /** The stored {@code finding.severity_rank} (V4): filtering on it lets the list indexes do the work. */
    int rank() {
        return ordinal() + 1;
    }

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

    /**
     * The severity band of a CVSS base score as NVD and GitHub code scanning draw them
     * (9.0 critical, 7.0 high, 4.0 medium, above 0 low); null when there is no score or it is 0.
     */
    static Severity fromCvss(BigDecimal score) {
        if (score == null || score.signum() <= 0) {
            return null;
        }
        if (score.compareTo(BigDecimal.valueOf(9)) >= 0) {
            return CRITICAL;
        }
        if (score.compareTo(BigDecimal.valueOf(7)) >= 0) {
            return HIGH;
        }
        return score.compareTo(BigDecimal.valueOf(4)) >= 0 ? MEDIUM : LOW;
    }
}
