package io.keelwatch.findings.ingest.report;

import java.util.Locale;

/** Report formats Keelwatch recognises by content, with how a user would produce each. */
public enum ReportFormat {
    TRIVY("Trivy JSON (trivy image -f json)"),
    TRIVY_K8S("Trivy Kubernetes JSON (trivy k8s --format json --report all)"),
    GRYPE("Grype JSON (grype -o json)"),
    SARIF("SARIF 2.1.0 (trivy image -f sarif, grype -o sarif)"),
    CYCLONEDX("CycloneDX JSON with vulnerabilities (trivy image --format cyclonedx --scanners vuln)"),
    OPENVEX("OpenVEX"),
    KUBE_BENCH("kube-bench JSON (kube-bench --json, with ?cluster=)"),
    KUBESCAPE("Kubescape JSON (kubescape scan --format json, with ?cluster=)"),
    TRIVY_OPERATOR("Trivy Operator reports (kubectl get vulnerabilityreports,exposedsecretreports,configauditreports,"
            + "rbacassessmentreports,clusterrbacassessmentreports,clustercompliancereports -A -o json, or -o yaml)");

    private final String description;

    ReportFormat(String description) {
        this.description = description;
    }

    public String id() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public String description() {
        return description;
    }
}
