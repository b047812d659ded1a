package io.keelwatch.findings;

import java.time.LocalDate;
import java.time.OffsetDateTime;

/**
 * A row of the findings list. Its subject is an image of a project ({@code imageId} and the image
 * columns set) or a cluster ({@code cluster} and the location in it set; {@code project} is then the
 * namespace's owner, or null for what no namespace rule gives to a team). {@code imageTags} are the
 * tags most recently seen naming the image (up to three, newest first), how people recognise an
 * image a digest alone does not tell them.
 */
public record FindingSummary(long id, FindingKind kind, String ruleId, String packageName, String installedVersion,
        String fixedVersion, Severity severity, FindingStatus status, String title, String project, String projectName,
        Long imageId, String imageRepository, String imageDigest, String imageTags, String cluster, String namespace,
        String resourceKind, String resourceName, OffsetDateTime firstSeen, OffsetDateTime lastSeen, LocalDate slaDue,
        String assignee, Long exceptionId) {

    public boolean ofCluster() {
        return cluster != null;
    }

    /** Where in its cluster: {@code namespace/Kind/name}, or {@code Kind/name} for a cluster-wide object. */
    public String clusterLocation() {
        return ClusterLocation.of(namespace, resourceKind, resourceName);
    }

    /** The digest as people compare it at a glance: algorithm and the first twelve hex digits. */
    public String shortDigest() {
        if (imageDigest == null) {
            return null;
        }
        int colon = imageDigest.indexOf(':');
        return imageDigest.substring(0, Math.min(imageDigest.length(), colon + 13));
    }
}
