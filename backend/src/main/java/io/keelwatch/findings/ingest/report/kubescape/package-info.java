/** Kubescape JSON ({@code kubescape scan --format json}): failed controls per object as findings of the cluster. */
package io.keelwatch.findings.ingest.report.kubescape;
