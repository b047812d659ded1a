package io.keelwatch.findings;

import io.keelwatch.platform.ProblemKind;
import org.springframework.http.HttpStatus;

/** What can be wrong with a report or OpenVEX document sent to be imported. */
public enum FindingsProblem implements ProblemKind {
    MALFORMED_REPORT("malformed-report", HttpStatus.BAD_REQUEST, "Malformed report"),
    EMPTY_REPORT("empty-report", HttpStatus.BAD_REQUEST, "Empty report"),
    /** Content Keelwatch cannot import (another format, or not the format declared); a wrong Content-Type is not this. */
    UNSUPPORTED_REPORT_FORMAT("unsupported-report-format", HttpStatus.UNSUPPORTED_MEDIA_TYPE, "Unsupported report format"),
    NO_IMPORTABLE_IMAGE("no-importable-image", HttpStatus.UNPROCESSABLE_CONTENT, "No image in the report can be imported"),
    /** {@code ?cluster=} with a report of one image, or a cluster-only report (kube-bench, Kubescape) without it. */
    NOT_A_CLUSTER_REPORT("cluster-report-mismatch", HttpStatus.BAD_REQUEST, "Report and cluster do not go together");

    private final Definition definition;

    FindingsProblem(String slug, HttpStatus status, String title) {
        this.definition = new Definition(slug, status, title);
    }

    @Override
    public Definition definition() {
        return definition;
    }
}
