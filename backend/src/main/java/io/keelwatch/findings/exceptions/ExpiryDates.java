package io.keelwatch.findings.exceptions;

import io.keelwatch.platform.CommonProblem;
import io.keelwatch.platform.KeelwatchException;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A date picked in a form means "valid through that day where I am": the exception expires when the
 * next day starts in the person's time zone, which the page sends along (keelwatch.js fills it in:
 * the zone of their settings, else the browser's). The API keeps taking and answering an instant
 * ({@code expiresAt}); only the pages speak in days. Without a zone (a browser without script) the
 * day is UTC's.
 */
final class ExpiryDates {

    private ExpiryDates() {
    }

    /** The instant an exception valid through {@code lastDay} in {@code zone} expires: the next day's start there. */
    static OffsetDateTime endOf(LocalDate lastDay, String zone) {
        return lastDay == null ? null : lastDay.plusDays(1).atStartOfDay(zone(zone)).toOffsetDateTime();
    }

    /** The inverse of {@link #endOf}: the last day, in {@code zone}, on which the exception is still valid. */
    static LocalDate lastDay(OffsetDateTime expiresAt, String zone) {
        return expiresAt == null ? null : expiresAt.atZoneSameInstant(zone(zone)).minusNanos(1).toLocalDate();
    }

    private static ZoneId zone(String name) {
        if (name == null || name.isBlank()) {
            return ZoneOffset.UTC;
        }
        try {
            if (name.length() <= 64) {
                return ZoneId.of(name.strip());
            }
        } catch (DateTimeException e) {
            // answered below, as one that is too long
        }
        throw new KeelwatchException(CommonProblem.INVALID_REQUEST, "'" + name.strip().substring(0, Math.min(64, name.strip().length()))
                + "' is not a time zone (such as Europe/Berlin).");
    }
}
