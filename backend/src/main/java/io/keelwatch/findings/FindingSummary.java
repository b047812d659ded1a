package io.keelwatch.findings;

import java.time.LocalDate;
import java.time.OffsetDateTime;

/**
 * A row of the findings list. {@code imageTags} are the tags most recently seen naming the image
 * (up to three, newest first), how people recognise an image a digest alone does not tell them.
 */
public record FindingSummary(long id, FindingKind kind, String ruleId, String packageName, String installedVersion,
        String fixedVersion, Severity severity, FindingStatus status, String title, String project, String projectName,
        long imageId, String imageRepository, String imageDigest, String imageTags, OffsetDateTime firstSeen,
        OffsetDateTime lastSeen, LocalDate slaDue, String assignee, Long exceptionId) {

    /** The digest as people compare it at a glance: algorithm and the first twelve hex digits. */
    public String shortDigest() {
        int colon = imageDigest.indexOf(':');
        return imageDigest.substring(0, Math.min(imageDigest.length(), colon + 13));
    }
}
