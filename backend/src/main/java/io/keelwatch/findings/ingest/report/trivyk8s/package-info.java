/** Trivy Kubernetes reports ({@code trivy k8s --format json}): findings grouped per image the cluster runs. */
package io.keelwatch.findings.ingest.report.trivyk8s;
