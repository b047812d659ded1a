package io.keelwatch.findings;

import java.util.List;

/**
 * What importing a cluster report (trivy k8s, Trivy Operator's reports) did: one scan per image it identified (each as a
 * single-image import answers), the images it names but could not import and why, what the report
 * holds that has nowhere to be filed, and, when the upload named a cluster ({@code ?cluster=}), the
 * scan of the cluster's own findings (else null). {@code duplicate} is true when every scan already
 * existed: nothing changed but last seen.
 */
public record ClusterImportResult(boolean duplicate, String format, String clusterName, List<ImportResult> images,
        List<SkippedImage> skipped, NotImported notImported, ClusterScanResult cluster) implements ReportImport {

    /**
     * An image (or a resource whose scan failed) without a scan. {@code image} is its reference as
     * the report names it ({@code repository@digest} once identified), null when the report names none.
     */
    public record SkippedImage(String image, List<String> workloads, String reason, String detail, int findings) {

        /** The report gives no digest for it: an image is its repository + digest, never a tag. */
        public static final String NO_DIGEST = "no-digest";
        /** No repository rule maps it to a project the caller may upload to, and no project was named. */
        public static final String NO_PROJECT = "no-project";
        /** Trivy could not scan it and reported the error instead of results. */
        public static final String SCAN_ERROR = "scan-error";
        /** A resource of a kind Keelwatch does not import (a Trivy Operator SbomReport, an object that is no report). */
        public static final String UNSUPPORTED_KIND = "unsupported-kind";
    }

    /**
     * Findings counted but not stored: image results no identified image takes and, without a
     * cluster named, the findings of objects that run no identified image (RBAC objects, ConfigMaps,
     * node and control-plane components, workloads whose images have no digest).
     */
    public record NotImported(int resources, int vulnerabilities, int misconfigurations, int secrets) {
    }
}
