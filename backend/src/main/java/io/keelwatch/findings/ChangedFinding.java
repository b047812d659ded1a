package io.keelwatch.findings;

/**
 * A finding a scan introduced, fixed or reopened ({@code change}), with what it is now: its current
 * status may differ from what the scan left (a later scan or a person may have changed it since).
 */
public record ChangedFinding(long id, String change, FindingKind kind, String ruleId, String packageName,
        String installedVersion, String fixedVersion, Severity severity, FindingStatus status, String title) {
}
