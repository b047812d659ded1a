package io.keelwatch.findings.ingest.report.trivyoperator;

import static io.keelwatch.findings.ingest.report.JsonFields.text;
import static io.keelwatch.findings.ingest.report.JsonFields.texts;

import io.keelwatch.findings.ClusterImportResult;
import io.keelwatch.findings.FindingKind;
import io.keelwatch.findings.FindingsProblem;
import io.keelwatch.findings.Severity;
import io.keelwatch.findings.ingest.report.ArtifactIdentities;
import io.keelwatch.findings.ingest.report.CatalogEntry;
import io.keelwatch.findings.ingest.report.ClusterFinding;
import io.keelwatch.findings.ingest.report.Fingerprints;
import io.keelwatch.findings.ingest.report.JsonFields;
import io.keelwatch.findings.ingest.report.KubernetesYaml;
import io.keelwatch.findings.ingest.report.ParsedFinding;
import io.keelwatch.inventory.ImageNames;
import io.keelwatch.platform.KeelwatchException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;

/** Folds Trivy Operator's resources, one at a time, into an {@link OperatorReport}. */
final class OperatorReportBuilder {

    private static final Set<String> IMAGE_REPORTS = Set.of("VulnerabilityReport", "ClusterVulnerabilityReport",
            "ExposedSecretReport");
    private static final Set<String> CHECK_REPORTS = Set.of("ConfigAuditReport", "ClusterConfigAuditReport",
            "RbacAssessmentReport", "ClusterRbacAssessmentReport", "InfraAssessmentReport", "ClusterInfraAssessmentReport");
    private static final String COMPLIANCE_REPORT = "ClusterComplianceReport";
    private static final int TARGETS_IN_EVIDENCE = 20;

    private final List<OperatorReport.ImageReport> images = new ArrayList<>();
    private final Map<String, ClusterFinding> clusterFindings = new LinkedHashMap<>();
    private final Map<String, CatalogEntry> catalog = new HashMap<>();
    private final List<ClusterImportResult.SkippedImage> skipped = new ArrayList<>();
    private String scannerVersion;
    private Instant updatedAt;

    void add(JsonNode resource) {
        if (!resource.isObject()) {
            throw new KeelwatchException(FindingsProblem.MALFORMED_REPORT, "An item of the list is not an object.");
        }
        String kind = text(resource, "kind");
        String apiVersion = text(resource, "apiVersion");
        Subject subject = Subject.of(resource);
        if (kind == null || apiVersion == null || !apiVersion.startsWith(KubernetesYaml.TRIVY_OPERATOR_GROUP)) {
            skipped.add(new ClusterImportResult.SkippedImage(null, List.of(subject.place()),
                    ClusterImportResult.SkippedImage.UNSUPPORTED_KIND, kind == null ? "The item has no kind."
                            : kind + " (" + apiVersion + ") is not a Trivy Operator report.", 0));
            return;
        }
        JsonNode report = resource.path("report");
        if (IMAGE_REPORTS.contains(kind)) {
            seen(report);
            image(kind, report, subject);
        } else if (CHECK_REPORTS.contains(kind)) {
            seen(report);
            checks(report.path("checks"), subject);
        } else if (COMPLIANCE_REPORT.equals(kind)) {
            compliance(resource);
        } else {
            skipped.add(new ClusterImportResult.SkippedImage(null, List.of(subject.place()),
                    ClusterImportResult.SkippedImage.UNSUPPORTED_KIND, "Keelwatch does not import " + kind + " resources.", 0));
        }
    }

    OperatorReport build() {
        return new OperatorReport(scannerVersion, updatedAt, images, List.copyOf(clusterFindings.values()),
                List.copyOf(catalog.values()), skipped);
    }

    /** The scanner's version and the newest update time across the reports. */
    private void seen(JsonNode report) {
        String version = text(report.path("scanner"), "version");
        if (version != null && scannerVersion == null) {
            scannerVersion = version;
        }
        OffsetDateTime updated = JsonFields.timestamp(text(report, "updateTimestamp"));
        if (updated != null && (updatedAt == null || updated.toInstant().isAfter(updatedAt))) {
            updatedAt = updated.toInstant();
        }
    }

    private void image(String kind, JsonNode report, Subject subject) {
        JsonNode artifact = report.path("artifact");
        String repository = text(artifact, "repository");
        if (repository == null) {
            skipped.add(new ClusterImportResult.SkippedImage(null, List.of(subject.place()),
                    ClusterImportResult.SkippedImage.NO_DIGEST, "The " + kind + " names no image repository.", 0));
            return;
        }
        String server = text(report.path("registry"), "server");
        String full = ImageNames.familiar(server == null ? repository : server + "/" + repository);
        String digest = text(artifact, "digest");
        Map<String, ParsedFinding> findings = new LinkedHashMap<>();
        if ("ExposedSecretReport".equals(kind)) {
            report.path("secrets").forEach(secret -> fold(findings, secret(secret)));
        } else {
            report.path("vulnerabilities").forEach(vulnerability -> fold(findings, vulnerability(vulnerability)));
        }
        JsonNode os = report.path("os");
        images.add(new OperatorReport.ImageReport(full, text(artifact, "tag"), ArtifactIdentities.isDigest(digest) ? digest : null,
                text(os, "family"), text(os, "name"), subject.namespace(), subject.place(), List.copyOf(findings.values())));
    }

    private ParsedFinding vulnerability(JsonNode v) {
        String id = text(v, "vulnerabilityID");
        if (id == null) {
            throw new KeelwatchException(FindingsProblem.MALFORMED_REPORT, "A Trivy Operator vulnerability has no vulnerabilityID.");
        }
        Severity severity = Severity.parse(text(v, "severity"));
        String title = text(v, "title");
        describe(new CatalogEntry(id, title, text(v, "description"), severity, JsonFields.score(v, "score"), text(v, "primaryLink"),
                texts(v, "links"), JsonFields.timestamp(text(v, "publishedDate")), JsonFields.timestamp(text(v, "lastModifiedDate"))));
        String packageName = text(v, "resource");
        String installed = text(v, "installedVersion");
        String path = text(v, "packagePath");
        String purl = text(v, "packagePURL");
        String target = text(v, "target");
        return new ParsedFinding(osPackage(v, path, purl, target)
                        ? Fingerprints.distributionPackageVulnerability(id, packageName, installed)
                        : Fingerprints.packageVulnerability(id, packageName, installed, path != null ? path : target, purl),
                FindingKind.vulnerability, id, id, packageName, installed, text(v, "fixedVersion"), path, purl, target,
                null, null, title, severity, 1);
    }

    /**
     * Whether the vulnerable package is the image's distribution package: its {@code class} says so
     * (operator 0.2x and later), or its purl; older reports name such a package's target as the image
     * itself ({@code library/nginx:1.21.6}), a language package's as its file or not at all.
     */
    private static boolean osPackage(JsonNode v, String path, String purl, String target) {
        String resultClass = text(v, "class");
        if (resultClass != null || purl != null) {
            return "os-pkgs".equals(resultClass) || Fingerprints.isDistributionPackage(purl);
        }
        return path == null && target != null && target.contains(":") && !target.contains(" ");
    }

    /** As Trivy's own secrets: the match as the operator redacted it, the rule's catalog entry {@code secret:<rule>}. */
    private ParsedFinding secret(JsonNode s) {
        String rule = text(s, "ruleID");
        if (rule == null) {
            throw new KeelwatchException(FindingsProblem.MALFORMED_REPORT, "A Trivy Operator secret has no ruleID.");
        }
        Severity severity = Severity.parse(text(s, "severity"));
        String catalogId = "secret:" + rule;
        String title = text(s, "title");
        String category = text(s, "category");
        describe(new CatalogEntry(catalogId, title, "Secret detected by rule " + rule + (category == null ? "" : " (" + category + ")")
                + ".", severity, null, null, List.of(), null, null));
        String target = text(s, "target");
        String match = text(s, "match");
        return new ParsedFinding(Fingerprints.secret(rule, target, match), FindingKind.secret, catalogId, rule, null, null, null,
                null, null, target, null, match, title, severity, 1);
    }

    /** Failed checks of a configuration, RBAC or infrastructure assessment: findings of the object assessed. */
    private void checks(JsonNode checks, Subject subject) {
        for (JsonNode check : checks) {
            if (check.path("success").asBoolean(false)) {
                continue;
            }
            String id = text(check, "checkID");
            if (id == null) {
                throw new KeelwatchException(FindingsProblem.MALFORMED_REPORT, "A Trivy Operator check has no checkID.");
            }
            Severity severity = Severity.parse(text(check, "severity"));
            String title = text(check, "title");
            String description = text(check, "description");
            String remediation = text(check, "remediation");
            describe(new CatalogEntry(id, title, remediation == null ? description
                    : (description == null ? "" : description + "\n\n") + "Resolution: " + remediation, severity, null, null,
                    List.of(), null, null));
            ParsedFinding finding = new ParsedFinding(Fingerprints.misconfiguration(id, null, null), FindingKind.misconfiguration,
                    id, id, null, null, null, null, null, subject.kind() + "/" + subject.name(), text(check, "category"),
                    String.join("\n", texts(check, "messages")), title, severity, 1);
            placeInCluster(subject, finding);
        }
    }

    /**
     * A compliance report (NSA, CIS, PSS…): each control that fails is one finding of the report,
     * with how many checks fail it, from the detailed results when the report has them, else from
     * its summary. Manual controls (no count) are not findings: nobody has decided them.
     */
    private void compliance(JsonNode resource) {
        JsonNode spec = resource.path("spec").path("compliance");
        String name = text(resource.path("metadata"), "name");
        String benchmark = text(spec, "title") != null ? text(spec, "title") : name;
        Subject subject = new Subject(null, "ClusterComplianceReport", name == null ? benchmark : name);
        Map<String, JsonNode> controls = new HashMap<>();
        spec.path("controls").forEach(control -> controls.put(text(control, "id"), control));
        JsonNode status = resource.path("status");
        JsonNode detail = status.path("detailReport").path("results");
        if (detail.isArray() && !detail.isEmpty()) {
            for (JsonNode result : detail) {
                List<String> failing = new ArrayList<>();
                for (JsonNode check : result.path("checks")) {
                    if (!check.path("success").asBoolean(false)) {
                        failing.add(text(check, "target") != null ? text(check, "target") : text(check, "checkID"));
                    }
                }
                if (!failing.isEmpty()) {
                    control(benchmark, subject, result, controls.get(text(result, "id")), failing.size(), failing);
                }
            }
        } else {
            for (JsonNode summary : status.path("summaryReport").path("controlCheck")) {
                Integer fails = JsonFields.integer(summary, "totalFail");
                if (fails != null && fails > 0) {
                    control(benchmark, subject, summary, controls.get(text(summary, "id")), fails, List.of());
                }
            }
        }
        OffsetDateTime updated = JsonFields.timestamp(text(status, "updateTimestamp"));
        if (updated != null && (updatedAt == null || updated.toInstant().isAfter(updatedAt))) {
            updatedAt = updated.toInstant();
        }
    }

    private void control(String benchmark, Subject subject, JsonNode result, JsonNode spec, int failing, List<String> targets) {
        String controlId = text(result, "id");
        if (controlId == null) {
            throw new KeelwatchException(FindingsProblem.MALFORMED_REPORT, "A compliance control has no id.");
        }
        String id = subject.name() + ":" + controlId;
        String title = text(result, "name") != null ? text(result, "name") : text(spec, "name");
        Severity severity = Severity.parse(text(result, "severity") != null ? text(result, "severity") : text(spec, "severity"));
        List<String> checks = spec == null ? List.of() : spec.path("checks").valueStream().map(c -> text(c, "id")).toList();
        String description = text(spec, "description");
        describe(new CatalogEntry(id, title, (description == null ? "" : description + "\n\n") + benchmark + ", control " + controlId
                + (checks.isEmpty() ? "" : "; checks " + String.join(", ", checks)) + ".", severity, null, null, List.of(), null, null));
        String evidence = failing + (failing == 1 ? " check fails" : " checks fail") + (targets.isEmpty() ? "" : ": "
                + targets.stream().limit(TARGETS_IN_EVIDENCE).collect(Collectors.joining(", "))
                + (targets.size() > TARGETS_IN_EVIDENCE ? " and " + (targets.size() - TARGETS_IN_EVIDENCE) + " more" : ""));
        ParsedFinding finding = new ParsedFinding(Fingerprints.misconfiguration(id, null, null), FindingKind.misconfiguration, id,
                controlId, null, null, null, null, null, benchmark, "control " + controlId, evidence, title, severity, 1);
        placeInCluster(subject, finding);
    }

    private void placeInCluster(Subject subject, ParsedFinding finding) {
        ClusterFinding placed = ClusterFinding.of(subject.namespace(), subject.kind(), subject.name(), finding);
        clusterFindings.merge(placed.fingerprint(), placed, ClusterFinding::foldedWith);
    }

    private void describe(CatalogEntry entry) {
        catalog.putIfAbsent(entry.id(), entry);
    }

    private static void fold(Map<String, ParsedFinding> findings, ParsedFinding finding) {
        findings.merge(finding.fingerprint(), finding, ParsedFinding::foldedWith);
    }

    /**
     * The object a report is about, as the operator's labels name it, else its controlling owner,
     * else the report itself.
     */
    private record Subject(String namespace, String kind, String name) {

        static Subject of(JsonNode resource) {
            JsonNode metadata = resource.path("metadata");
            JsonNode labels = metadata.path("labels");
            JsonNode owner = metadata.path("ownerReferences").path(0);
            String namespace = text(labels, "trivy-operator.resource.namespace") != null
                    ? text(labels, "trivy-operator.resource.namespace") : text(metadata, "namespace");
            String kind = text(labels, "trivy-operator.resource.kind") != null
                    ? text(labels, "trivy-operator.resource.kind") : text(owner, "kind") != null ? text(owner, "kind") : text(resource, "kind");
            String name = text(labels, "trivy-operator.resource.name") != null
                    ? text(labels, "trivy-operator.resource.name") : text(owner, "name") != null ? text(owner, "name") : text(metadata, "name");
            return new Subject(namespace, kind == null ? "Object" : kind, name == null ? "unnamed" : name);
        }

        String place() {
            return (namespace == null ? "" : namespace + "/") + kind + "/" + name;
        }
    }
}
