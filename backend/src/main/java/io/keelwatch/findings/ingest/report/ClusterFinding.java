package io.keelwatch.findings.ingest.report;

import static io.keelwatch.findings.ingest.report.ReportValues.identifier;

/**
 * A finding whose subject is a cluster, not an image: where in the cluster (a namespace, or none for
 * a cluster-wide object such as a ClusterRole, a node or the control plane; the object's kind and
 * name) and what was found there. Its fingerprint is the finding's within that object, so one check
 * failing on two objects is two findings, and the same object in two namespaces stays two.
 *
 * @param namespace    null for cluster-wide objects
 * @param resourceKind {@code Role}, {@code Deployment}, {@code NodeComponents}, a benchmark's node type…
 */
public record ClusterFinding(String namespace, String resourceKind, String resourceName, ParsedFinding finding) {

    public ClusterFinding {
        namespace = namespace == null || namespace.isBlank() ? null : identifier(namespace, ReportValues.KUBERNETES_NAME);
        resourceKind = resourceKind == null || resourceKind.isBlank() ? null : identifier(resourceKind, ReportValues.KUBERNETES_NAME);
        resourceName = resourceName == null || resourceName.isBlank() ? null : identifier(resourceName, ReportValues.KUBERNETES_NAME);
    }

    /** The finding as the report states it, placed on an object of the cluster (the fingerprint gains the place). */
    public static ClusterFinding of(String namespace, String resourceKind, String resourceName, ParsedFinding finding) {
        ParsedFinding placed = new ParsedFinding(Fingerprints.inClusterObject(namespace, resourceKind, resourceName,
                finding.fingerprint()), finding.kind(), finding.catalogId(), finding.ruleId(), finding.packageName(),
                finding.installedVersion(), finding.fixedVersion(), finding.packagePath(), finding.purl(), finding.target(),
                finding.location(), finding.evidence(), finding.title(), finding.severity(), finding.occurrences());
        return new ClusterFinding(namespace, resourceKind, resourceName, placed);
    }

    public String fingerprint() {
        return finding.fingerprint();
    }

    /** The same finding met again in the report (folded as {@link ParsedFinding#foldedWith} folds). */
    public ClusterFinding foldedWith(ClusterFinding duplicate) {
        return new ClusterFinding(namespace, resourceKind, resourceName, finding.foldedWith(duplicate.finding));
    }
}
