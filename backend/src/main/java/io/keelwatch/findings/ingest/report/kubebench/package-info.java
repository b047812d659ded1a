/** kube-bench JSON ({@code kube-bench --json}, object and array forms): CIS checks as findings of the cluster. */
package io.keelwatch.findings.ingest.report.kubebench;
