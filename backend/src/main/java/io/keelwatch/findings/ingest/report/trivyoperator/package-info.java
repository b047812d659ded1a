/**
 * Trivy Operator's custom resources, as kubectl prints them (JSON or YAML, a List or one resource):
 * vulnerability and exposed-secret reports as findings of the image they name, configuration, RBAC,
 * infrastructure and compliance assessments as findings of the cluster.
 */
package io.keelwatch.findings.ingest.report.trivyoperator;
