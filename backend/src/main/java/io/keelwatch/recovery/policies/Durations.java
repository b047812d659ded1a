package io.keelwatch.recovery.policies;

import io.keelwatch.platform.CommonProblem;
import io.keelwatch.platform.KeelwatchException;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as Velero writes them ({@code 720h0m0s}, Go's {@code time.Duration}) and as people type them ({@code 24h},
 * {@code 90m}, {@code 7d}), in whole minutes.
 */
public final class Durations {

    private static final Pattern WHOLE = Pattern.compile("(\\d+(\\.\\d+)?(d|h|m|s|ms|us|µs|ns))+");
    private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(d|h|ms|m|s|us|µs|ns)");
    private static final long MAX_MINUTES = 10L * 366 * 24 * 60;

    private Durations() {
    }

    /** Velero's text in minutes (rounded down), or empty when it is none. */
    public static OptionalLong minutes(String text) {
        if (text == null) {
            return OptionalLong.empty();
        }
        String value = text.strip().toLowerCase(Locale.ROOT);
        if (!WHOLE.matcher(value).matches()) {
            return OptionalLong.empty();
        }
        double seconds = 0;
        Matcher part = PART.matcher(value);
        while (part.find()) {
            double n = Double.parseDouble(part.group(1));
            seconds += n * switch (part.group(2)) {
                case "d" -> 86_400;
                case "h" -> 3_600;
                case "m" -> 60;
                case "s" -> 1;
                case "ms" -> 1e-3;
                case "us", "µs" -> 1e-6;
                default -> 1e-9;
            };
        }
        return OptionalLong.of((long) Math.min(seconds / 60, MAX_MINUTES * 10));
    }

    /** A duration a person set, at least a minute and at most ten years; a 400 naming the field otherwise. */
    static int required(String text, String field) {
        long minutes = minutes(text).orElseThrow(() -> new KeelwatchException(CommonProblem.INVALID_REQUEST, field
                + " must be a duration such as 24h, 90m, 7d or 1h30m."));
        if (minutes < 1 || minutes > MAX_MINUTES) {
            throw new KeelwatchException(CommonProblem.INVALID_REQUEST, field + " must be between 1m and 3660d.");
        }
        return (int) minutes;
    }

    /** Minutes as people read them: {@code 90m}, {@code 24h}, {@code 30d}, {@code 1h30m} (a day or two stays in hours). */
    public static String text(long minutes) {
        if (minutes % (24 * 60) == 0 && minutes >= 2 * 24 * 60) {
            return minutes / (24 * 60) + "d";
        }
        if (minutes % 60 == 0) {
            return minutes / 60 + "h";
        }
        return minutes > 60 ? minutes / 60 + "h" + minutes % 60 + "m" : minutes + "m";
    }
}
