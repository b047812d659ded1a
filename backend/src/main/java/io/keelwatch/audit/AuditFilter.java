package io.keelwatch.audit;

import io.keelwatch.platform.CommonProblem;
import io.keelwatch.platform.KeelwatchException;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/**
 * Filters of the audit log, shared by the page, the API and the export. All optional; {@code from}
 * is inclusive, {@code to} exclusive.
 */
public record AuditFilter(String actor, String action, String targetType, String targetId, AuditEntry.Outcome outcome,
        OffsetDateTime from, OffsetDateTime to) {

    public AuditFilter {
        actor = blankToNull(actor);
        action = blankToNull(action);
        targetType = blankToNull(targetType);
        targetId = blankToNull(targetId);
    }

    /**
     * From request parameters. Times are ISO-8601 with an offset ({@code 2026-05-01T10:00:00Z}); the
     * browser's {@code datetime-local} fields send none, and such times are read as UTC, as the page says.
     */
    public static AuditFilter fromParameters(String actor, String action, String targetType, String targetId,
            String outcome, String from, String to) {
        return new AuditFilter(actor, action, targetType, targetId, outcome(outcome), time(from, "from"), time(to, "to"));
    }

    private static AuditEntry.Outcome outcome(String raw) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        try {
            return AuditEntry.Outcome.valueOf(raw.strip().toLowerCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new KeelwatchException(CommonProblem.INVALID_REQUEST, "Unknown outcome '" + raw.strip()
                    + "'; outcomes are success, failure and denied.");
        }
    }

    private static OffsetDateTime time(String raw, String name) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        String value = raw.strip();
        try {
            return OffsetDateTime.parse(value);
        } catch (DateTimeParseException notWithOffset) {
            try {
                return LocalDateTime.parse(value).atOffset(ZoneOffset.UTC);
            } catch (DateTimeParseException e) {
                throw new KeelwatchException(CommonProblem.INVALID_REQUEST, "'" + name
                        + "' must be an ISO-8601 time such as 2026-05-01T10:00:00Z.");
            }
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
