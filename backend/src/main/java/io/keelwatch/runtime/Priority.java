package io.keelwatch.runtime;

import java.util.Locale;
import java.util.Optional;

/** Falco's priorities, most severe first; the ordinal is the rank stored with events and alerts. */
public enum Priority {
    EMERGENCY, ALERT, CRITICAL, ERROR, WARNING, NOTICE, INFORMATIONAL, DEBUG;

    /** Falco's spelling, case-insensitive; {@code info} is Falco's own alias of informational. */
    public static Optional<Priority> fromFalco(String value) {
        if (value == null) {
            return Optional.empty();
        }
        String wanted = value.trim().toUpperCase(Locale.ROOT);
        if (wanted.equals("INFO")) {
            return Optional.of(INFORMATIONAL);
        }
        for (Priority p : values()) {
            if (p.name().equals(wanted)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    public static Priority ofRank(int rank) {
        return values()[rank];
    }

    public int rank() {
        return ordinal();
    }

    /** As Falco writes it ({@code Warning}). */
    public String label() {
        return name().charAt(0) + name().substring(1).toLowerCase(Locale.ROOT);
    }
}
