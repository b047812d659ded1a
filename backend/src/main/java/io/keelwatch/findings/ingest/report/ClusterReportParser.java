package io.keelwatch.findings.ingest.report;

import java.io.InputStream;

/** A parser of a format whose subject is a cluster, never an image (kube-bench, Kubescape). */
public interface ClusterReportParser {

    ReportFormat format();

    ClusterFindingsReport parse(InputStream report);
}
