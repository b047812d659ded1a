package io.keelwatch.findings.ingest.report.sarif;

import io.keelwatch.findings.FindingKind;
import io.keelwatch.findings.FindingsProblem;
import io.keelwatch.findings.Severity;
import io.keelwatch.findings.ingest.report.CatalogEntry;
import io.keelwatch.findings.ingest.report.Fingerprints;
import io.keelwatch.findings.ingest.report.ImageReferences;
import io.keelwatch.findings.ingest.report.PackageUrl;
import io.keelwatch.findings.ingest.report.ParsedFinding;
import io.keelwatch.findings.ingest.report.ReportSink;
import io.keelwatch.platform.KeelwatchException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Turns a SARIF result and its rule into a finding. SARIF has no notion of packages, so:
 * a result is a <b>vulnerability</b> when its rule id starts with a vulnerability id (CVE-…, GHSA-…,
 * GO-2022-…; Grype's rule ids are {@code <id>-<package>}) and the result message or rule help names
 * the package; a <b>secret</b> when the rule is tagged "secret" (Trivy); otherwise a
 * <b>misconfiguration</b> of the result's file at its start line. Rules tagged "license" and results
 * of kind pass/notApplicable/informational are not findings.
 */
final class SarifFindings {

    private static final Pattern VULNERABILITY_ID = Pattern.compile(
            "CVE-\\d{4}-\\d{4,}|GHSA(?:-[23456789cfghjmpqrvwx]{4}){3}|[A-Z][A-Z0-9]*(?:-[A-Z]+)?-\\d{4}[-:][0-9A-Za-z]+");
    private static final Set<String> NOT_PROBLEMS = Set.of("pass", "notApplicable", "informational");

    private SarifFindings() {
    }

    /**
     * @param rule    the result's rule, or null when the run does not describe it
     * @param toolUri   the tool's own web page, which some tools give as every rule's help link
     * @param imageName the image the run says it scanned (Trivy's {@code properties.imageName}), or null
     */
    static void add(SarifResult result, SarifRule rule, String toolUri, String imageName, ReportSink findings) {
        String ruleId = result.ruleId() != null ? result.ruleId() : rule != null ? rule.id() : null;
        if (ruleId == null) {
            throw new KeelwatchException(FindingsProblem.MALFORMED_REPORT, "A SARIF result names no rule (ruleId).");
        }
        if (result.kind() != null && NOT_PROBLEMS.contains(result.kind()) || rule != null && rule.tagged("license")) {
            return;
        }
        Map<String, String> facts = new HashMap<>(SarifFacts.of(result.message()));
        if (rule != null) {
            rule.helpFacts().forEach(facts::putIfAbsent);
        }
        Severity severity = severity(result, rule);
        String helpUri = rule == null || rule.helpUri() == null || rule.helpUri().equals(toolUri) ? null : rule.helpUri();
        String vulnerabilityId = vulnerabilityId(ruleId, facts.get(SarifFacts.VULNERABILITY));
        String purl = rule != null && rule.purls().size() == 1 ? rule.purls().get(0) : null;
        Optional<PackageUrl> parsedPurl = PackageUrl.parse(purl);
        String packageName = facts.getOrDefault(SarifFacts.PACKAGE, parsedPurl.map(PackageUrl::packageName).orElse(null));
        if (vulnerabilityId != null && packageName != null) {
            String installed = facts.getOrDefault(SarifFacts.INSTALLED_VERSION,
                    facts.getOrDefault(SarifFacts.VERSION, parsedPurl.map(PackageUrl::version).orElse(null)));
            vulnerability(result, rule, ruleId, vulnerabilityId, packageName, installed, purl, imageName, facts, severity, helpUri,
                    findings);
        } else if (rule != null && rule.tagged("secret")) {
            secret(result, rule, ruleId, facts, severity, findings);
        } else {
            misconfiguration(result, rule, ruleId, facts, severity, helpUri, findings);
        }
    }

    private static void vulnerability(SarifResult result, SarifRule rule, String ruleId, String id, String packageName,
            String installed, String purl, String imageName, Map<String, String> facts, Severity severity, String helpUri,
            ReportSink findings) {
        // A rule that is the vulnerability (Trivy) describes it; a per-package rule (Grype's
        // "<id>-<package>") describes the match, which is no description of the vulnerability.
        boolean describesVulnerability = rule != null && ruleId.equals(id);
        findings.describe(new CatalogEntry(id, describesVulnerability ? rule.shortDescription() : null,
                describesVulnerability ? rule.fullDescription() : null, severity, rule == null ? null : rule.cvss(), helpUri,
                List.of(), null, null));
        String fixed = facts.getOrDefault(SarifFacts.FIXED_VERSION, facts.get(SarifFacts.FIX_VERSION));
        String fingerprint = distributionPackage(result, rule, purl, imageName)
                ? Fingerprints.distributionPackageVulnerability(id, packageName, installed)
                : Fingerprints.packageVulnerability(id, packageName, installed,
                        result.packagePath() != null ? result.packagePath() : result.uri(), purl);
        findings.add(new ParsedFinding(fingerprint,
                FindingKind.vulnerability, id, id, packageName, installed, alternatives(fixed), result.packagePath(), purl,
                result.uri(), null,
                null, rule == null ? null : rule.shortDescription(), severity, 1));
    }

    /**
     * Whether a result is about a distribution package: Grype's rule names its purl; Trivy's names
     * the rule after the result class and gives an OS package's result the image as its uri (a rule
     * shared by an OS and a language package is named after the last result, so the uri decides too).
     */
    private static boolean distributionPackage(SarifResult result, SarifRule rule, String purl, String imageName) {
        return Fingerprints.isDistributionPackage(purl)
                || rule != null && "OsPackageVulnerability".equals(rule.name())
                || imageName != null && result.uri() != null
                        && (result.uri().equals(imageName) || result.uri().equals(ImageReferences.pathOnRegistry(imageName)));
    }

    private static void misconfiguration(SarifResult result, SarifRule rule, String ruleId, Map<String, String> facts,
            Severity severity, String helpUri, ReportSink findings) {
        String title = rule == null ? null : rule.shortDescription();
        findings.describe(new CatalogEntry(ruleId, title, rule == null ? null : rule.fullDescription(), severity, null, helpUri,
                List.of(), null, null));
        String line = result.startLine() == null ? null : result.startLine().toString();
        findings.add(new ParsedFinding(Fingerprints.misconfiguration(ruleId, result.uri(), line), FindingKind.misconfiguration,
                ruleId, ruleId, null, null, null, null, null, result.uri(), line == null ? null : "line " + line,
                facts.getOrDefault(SarifFacts.MESSAGE, result.message()), title, severity, 1));
    }

    /** Keeps the match as the scanner redacted it; the rule's full description (Trivy: the match again) stays out of the catalog. */
    private static void secret(SarifResult result, SarifRule rule, String ruleId, Map<String, String> facts, Severity severity,
            ReportSink findings) {
        String catalogId = "secret:" + ruleId;
        String match = facts.getOrDefault(SarifFacts.MATCH, result.message());
        findings.describe(new CatalogEntry(catalogId, rule.shortDescription(), "Secret detected by rule " + ruleId + ".",
                severity, null, null, List.of(), null, null));
        findings.add(new ParsedFinding(Fingerprints.secret(ruleId, result.uri(), match), FindingKind.secret, catalogId, ruleId,
                null, null, null, null, null, result.uri(), result.startLine() == null ? null : "line " + result.startLine(),
                match, rule.shortDescription(), severity, 1));
    }

    /**
     * The rule's {@code security-severity} score in the bands GitHub code scanning uses, else the
     * result's level (error high, warning medium, note low), else the rule's default level.
     */
    static Severity severity(SarifResult result, SarifRule rule) {
        Severity byScore = rule == null ? null : Severity.fromCvss(rule.securitySeverity());
        if (byScore != null) {
            return byScore;
        }
        String level = result.level() != null ? result.level() : rule != null && rule.defaultLevel() != null
                ? rule.defaultLevel() : "warning";
        return Severity.parse(level);
    }

    private static String vulnerabilityId(String ruleId, String stated) {
        Matcher fromRule = VULNERABILITY_ID.matcher(ruleId);
        if (fromRule.lookingAt()) {
            return fromRule.group();
        }
        return stated != null && VULNERABILITY_ID.matcher(stated).matches() ? stated : null;
    }

    /** Several fix versions ("1.2.1,2.1.3") are alternatives; written the way the other formats write them. */
    private static String alternatives(String versions) {
        if (versions == null) {
            return null;
        }
        String joined = Arrays.stream(versions.split(",")).map(String::trim).filter(v -> !v.isEmpty())
                .collect(Collectors.joining(", "));
        return joined.isEmpty() ? null : joined;
    }
}
