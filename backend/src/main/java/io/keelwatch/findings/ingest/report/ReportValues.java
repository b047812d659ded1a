package io.keelwatch.findings.ingest.report;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.OffsetDateTime;

/**
 * The one place a report's values are made fit to store. The report model's records
 * ({@link ParsedFinding}, {@link CatalogEntry}, {@link ReportHeader}) pass every field through here
 * when they are built, so no parser can forget, and every limit is written once (docs/api.md lists
 * them under Scans).
 *
 * <p>Text loses NUL and the other C0 control characters (multi-line text keeps TAB, LF and CR;
 * single-line text turns them into spaces, so one value can never read as two lines or two list
 * entries), unpaired surrogates become U+FFFD, and text over its limit is cut with a visible marker.
 * An identifier that is cut keeps a hash of its whole value in the marker, so two long identifiers
 * that differ only past the limit stay two. Fingerprints are computed by the parsers from the
 * values as reported, before any of this, and stay distinct too. The original report is kept whole
 * in its stored gzip copy.
 */
public final class ReportValues {

    /** Vulnerability, check and secret-rule ids: the catalog's key, and what an exception matches (at most 200 too). */
    public static final int ID = 200;
    public static final int TITLE = 500;
    public static final int DESCRIPTION = 20_000;
    public static final int URL = 2_000;
    public static final int REFERENCES = 500;
    /** A misconfiguration's message, a secret's redacted match, a VEX analysis. */
    public static final int EVIDENCE = 4_000;
    public static final int PACKAGE_NAME = 500;
    public static final int INSTALLED_VERSION = 200;
    /** Several fix versions are listed as alternatives. */
    public static final int FIXED_VERSION = 1_000;
    /** Package path, purl, target and location. */
    public static final int PATH = 2_000;
    public static final int SCANNER = 100;
    public static final int ARTIFACT_NAME = 2_000;
    public static final int REPOSITORY = 500;
    public static final int TAG = 200;
    public static final int TAGS = 100;
    public static final int OS = 200;
    /** A Kubernetes namespace, kind or object name (at most 253 in Kubernetes, and in the database). */
    public static final int KUBERNETES_NAME = 253;

    private static final String CUT = "… [truncated]";

    private static final BigDecimal HIGHEST_SCORE = BigDecimal.TEN;
    /** What PostgreSQL's timestamptz holds, and more than any report means: years 1 to 9999. */
    private static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");
    private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59Z");

    private ReportValues() {
    }

    /** Text shown on one line (a title, a name, a URL). */
    public static String line(String value, int limit) {
        return value == null ? null : cut(clean(value, false), limit);
    }

    /** Text that may span lines (a description, a message). */
    public static String lines(String value, int limit) {
        return value == null ? null : cut(clean(value, true), limit);
    }

    /**
     * A value that identifies something (an id, a package, a path, a repository): one line, and
     * when cut, marked with a hash of its whole value so distinct values stay distinct.
     */
    public static String identifier(String value, int limit) {
        if (value == null) {
            return null;
        }
        String clean = clean(value, false);
        if (clean.length() <= limit) {
            return clean;
        }
        String marker = "… [truncated " + Fingerprints.hash(clean).substring(0, 16) + "]";
        return prefix(clean, limit - marker.length()) + marker;
    }

    /**
     * A CVSS base score: 0 to 10, one decimal as the catalog stores it; anything else is not a
     * score (an overflow, a negative, a typo) and is left out.
     */
    static BigDecimal score(BigDecimal value) {
        if (value == null || value.signum() < 0 || value.compareTo(HIGHEST_SCORE) > 0) {
            return null;
        }
        // through double, which rounds away exponents like 1E-999999999 that PostgreSQL refuses to read
        return BigDecimal.valueOf(value.doubleValue()).setScale(1, RoundingMode.HALF_UP);
    }

    /** A time PostgreSQL can store; one outside years 1 to 9999 is no time a scanner meant. */
    static OffsetDateTime time(OffsetDateTime value) {
        return value == null || time(value.toInstant()) == null ? null : value;
    }

    static Instant time(Instant value) {
        return value == null || value.isBefore(EARLIEST) || value.isAfter(LATEST) ? null : value;
    }

    private static String cut(String value, int limit) {
        return value.length() <= limit ? value : prefix(value, limit - CUT.length()) + CUT;
    }

    /** The first {@code length} characters, one fewer rather than half a surrogate pair. */
    private static String prefix(String value, int length) {
        return value.substring(0, Character.isHighSurrogate(value.charAt(length - 1)) ? length - 1 : length);
    }

    private static String clean(String value, boolean multiLine) {
        int first = 0;
        while (first < value.length() && storable(value.charAt(first))) {
            first++;
        }
        if (first == value.length()) {
            return value;
        }
        StringBuilder out = new StringBuilder(value.length()).append(value, 0, first);
        for (int i = first; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
                out.append(c).append(value.charAt(++i));
            } else if (Character.isSurrogate(c)) {
                out.append('\uFFFD');
            } else if (c >= ' ') {
                out.append(c);
            } else if (c == '\t' || c == '\n' || c == '\r') {
                out.append(multiLine ? c : ' ');
            }
            // other C0 characters (NUL, BEL, ESC…) are dropped
        }
        return out.toString();
    }

    /** Kept as it is on the fast path; surrogates (even paired ones) take the careful path. */
    private static boolean storable(char c) {
        return c >= ' ' && !Character.isSurrogate(c);
    }
}
