package io.keelwatch.findings;

import java.util.Map;

/**
 * How many open and in-progress findings an image has per severity, in the projects the caller sees.
 *
 * @param bySeverity only the severities with findings
 */
public record OpenFindingCounts(long imageId, Map<Severity, Long> bySeverity) {

    public OpenFindingCounts {
        bySeverity = Map.copyOf(bySeverity);
    }

    public long count(Severity severity) {
        return bySeverity.getOrDefault(severity, 0L);
    }
}
