package io.keelwatch.findings;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * One finding with its catalog description; all text is scanner-supplied and must be rendered as text.
 * Its subject is an image ({@code imageId} and the image fields) or a cluster ({@code cluster} and the
 * place in it; {@code project} null when no namespace rule gives the place to a team).
 *
 * @param reportedBy the sources that report the finding now, as {@code scanner (format)}: {@code trivy (json)},
 *                   {@code trivy (sarif)}; none when it is fixed
 * @param exceptions every exception that matches the finding, in any state ({@link FindingExceptionMatch})
 */
public record FindingDetail(long id, FindingKind kind, String ruleId, String packageName, String installedVersion,
        String fixedVersion, String packagePath, String purl, String target, String location, String evidence,
        Severity severity, FindingStatus status, String title, String description, BigDecimal cvssScore,
        String primaryUrl, List<String> references, int occurrences, int reopenedCount, String project,
        Long imageId, String imageRepository, String imageDigest, String cluster, String namespace, String resourceKind,
        String resourceName, OffsetDateTime firstSeen, OffsetDateTime lastSeen,
        OffsetDateTime fixedAt, LocalDate slaDue, long firstScanId, long lastScanId, List<String> reportedBy, String assignee,
        Long exceptionId, List<FindingExceptionMatch> exceptions) {

    public boolean ofCluster() {
        return cluster != null;
    }

    /** Where in its cluster: {@code namespace/Kind/name}, or {@code Kind/name} for a cluster-wide object. */
    public String clusterLocation() {
        return ClusterLocation.of(namespace, resourceKind, resourceName);
    }

    FindingDetail withExceptions(List<FindingExceptionMatch> matching) {
        return new FindingDetail(id, kind, ruleId, packageName, installedVersion, fixedVersion, packagePath, purl, target,
                location, evidence, severity, status, title, description, cvssScore, primaryUrl, references, occurrences,
                reopenedCount, project, imageId, imageRepository, imageDigest, cluster, namespace, resourceKind, resourceName,
                firstSeen, lastSeen, fixedAt, slaDue, firstScanId,
                lastScanId, reportedBy, assignee, exceptionId, List.copyOf(matching));
    }
}
