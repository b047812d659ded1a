package io.keelwatch.findings;

import java.time.LocalDate;
import java.time.OffsetDateTime;

/** A row of the findings list. */
public record FindingSummary(long id, FindingKind kind, String ruleId, String packageName, String installedVersion,
        String fixedVersion, Severity severity, FindingStatus status, String title, String project, long imageId,
        String imageRepository, String imageDigest, OffsetDateTime firstSeen, OffsetDateTime lastSeen, LocalDate slaDue,
        String assignee, Long exceptionId) {
}
