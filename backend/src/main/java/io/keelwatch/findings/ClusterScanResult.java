package io.keelwatch.findings;

/**
 * What a report did to a cluster's own findings (objects that are no image: RBAC, ConfigMaps, nodes,
 * the control plane, a benchmark's checks). {@code duplicate}: the cluster had these very bytes
 * before, nothing changed but last seen. {@code notFiled}: findings in namespaces the caller does
 * not write for (a team's writer files only its own namespaces), left as they were.
 */
public record ClusterScanResult(long scanId, boolean duplicate, String format, String cluster, ImportResult.Counts findings,
        int notFiled) {
}
