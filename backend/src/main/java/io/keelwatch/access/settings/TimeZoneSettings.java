package io.keelwatch.access.settings;

import io.keelwatch.access.Viewer;
import io.keelwatch.audit.AuditEntry;
import io.keelwatch.audit.AuditLog;
import io.keelwatch.platform.CommonProblem;
import io.keelwatch.platform.KeelwatchException;
import java.time.ZoneId;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** The time zone each person reads times in: theirs to choose, audited like any change of an account. */
@Service
class TimeZoneSettings {

    /** Where the zone travels with a browser session (read at sign-in, replaced on change). */
    static final String SESSION_ATTRIBUTE = TimeZoneSettings.class.getName() + ".zone";

    /** Longest zone id accepted (the longest IANA id is 32 characters). */
    private static final int MAX_ZONE = 64;

    private final UserTimeZones zones;
    private final AuditLog audit;

    TimeZoneSettings(UserTimeZones zones, AuditLog audit) {
        this.zones = zones;
        this.audit = audit;
    }

    /** The zone the caller chose, or empty: the browser's. */
    Optional<String> zoneOf(Viewer viewer) {
        return zones.of(viewer.userId());
    }

    /** Region zones people pick from (Europe/Berlin, America/New_York, UTC …), sorted. */
    SortedSet<String> choices() {
        SortedSet<String> choices = new TreeSet<>();
        for (String id : ZoneId.getAvailableZoneIds()) {
            if (id.contains("/") && !id.startsWith("Etc/") && !id.startsWith("SystemV/") || id.equals("UTC")) {
                choices.add(id);
            }
        }
        return choices;
    }

    /**
     * Sets the caller's zone; blank goes back to the browser's. Only the zones Java knows are taken,
     * so what the page hands the browser is always a zone it can format.
     *
     * @return the zone now in force, or empty for the browser's
     */
    @Transactional
    public Optional<String> change(Viewer viewer, String zone) {
        String chosen = zone == null || zone.isBlank() ? null : zone.strip();
        if (chosen != null && (chosen.length() > MAX_ZONE || !ZoneId.getAvailableZoneIds().contains(chosen))) {
            throw new KeelwatchException(CommonProblem.INVALID_REQUEST,
                    "Unknown time zone '" + chosen.substring(0, Math.min(chosen.length(), MAX_ZONE))
                            + "': choose one such as Europe/Berlin, or none for the browser's.");
        }
        String before = zones.of(viewer.userId()).orElse("");
        zones.set(viewer.userId(), chosen);
        audit.record(AuditEntry.success(viewer.username(), "account.time-zone-changed", "user", viewer.userId(), null,
                Map.of("before", Map.of("timeZone", before), "after", Map.of("timeZone", chosen == null ? "" : chosen))));
        return Optional.ofNullable(chosen);
    }

    /** The zone of an account signing in, by the username sign-in gives it. */
    Optional<String> zoneOfUsername(String username) {
        return zones.ofUsername(username);
    }
}
