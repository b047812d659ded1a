package io.keelwatch.findings;

import io.keelwatch.platform.CommonProblem;
import io.keelwatch.platform.KeelwatchException;
import java.util.Locale;

/**
 * What a scan did to a finding. {@code new} comes from {@code finding.first_scan_id}; {@code fixed}
 * and {@code reopened} are rows of {@code scan_change}, written by the import that made the change.
 */
public enum ScanChange {
    NEW, FIXED, REOPENED;

    /** The name in URLs, JSON and the database: {@code new}, {@code fixed}, {@code reopened}. */
    public String parameter() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static ScanChange parse(String raw) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        for (ScanChange change : values()) {
            if (change.parameter().equalsIgnoreCase(raw.trim())) {
                return change;
            }
        }
        throw new KeelwatchException(CommonProblem.INVALID_REQUEST,
                "Unknown change '" + raw.trim() + "': use new, fixed or reopened.");
    }
}
