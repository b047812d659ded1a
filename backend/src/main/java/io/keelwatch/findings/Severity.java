package io.keelwatch.findings;

import java.math.BigDecimal;
import java.util.Collection;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

/** Scanner severities normalised to one scale, most severe first. */
public enum Severity {
    CRITICAL, HIGH, MEDIUM, LOW, UNKNOWN;

    /** The more severe of the two: what folding duplicates of one finding keeps. */
    public static Severity mostSevere(Severity a, Severity b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    /** How many of {@code severities} there are of each, as a scan records them. */
    public static Map<Severity, Integer> count(Collection<Severity> severities) {
        Map<Severity, Integer> counts = new EnumMap<>(Severity.class);
        severities.forEach(severity -> counts.merge(severity, 1, Integer::sum));
        return counts;
    }

    /**
     * The stored {@code finding.severity_rank} (V4's generated column, the database's copy of this
     * scale): filtering on it lets the list indexes do the work. SQL gets ranks from here, or
     * reads that column, rather than spelling the scale out again.
     */
    public int rank() {
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
    public static Severity fromCvss(BigDecimal score) {
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
