package io.keelwatch.findings.ingest.report.sarif;

import static io.keelwatch.findings.ingest.report.JsonFields.score;
import static io.keelwatch.findings.ingest.report.JsonFields.text;
import static io.keelwatch.findings.ingest.report.JsonFields.texts;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * What Keelwatch keeps of a SARIF rule ({@code tool.driver.rules[]}) until the results that cite
 * it are read: its texts, the facts its help text states ("Package: …"), its tags and severity.
 *
 * @param name             Trivy names a rule after the class of its results: {@code OsPackageVulnerability},
 *                         {@code LanguageSpecificPackageVulnerability}…
 * @param securitySeverity the rule's {@code properties["security-severity"]}, a CVSS-like score
 * @param cvss             Trivy's {@code properties.cvssv3_baseScore}
 * @param purls            Grype's {@code properties.purls}: the package a per-package rule is about
 */
record SarifRule(String id, String name, String shortDescription, String fullDescription, String helpUri, Map<String, String> helpFacts,
        List<String> tags, BigDecimal securitySeverity, String defaultLevel, BigDecimal cvss, List<String> purls) {

    static SarifRule from(JsonNode rule) {
        JsonNode properties = rule.get("properties");
        return new SarifRule(text(rule, "id"), text(rule, "name"), text(rule.get("shortDescription"), "text"),
                text(rule.get("fullDescription"), "text"), text(rule, "helpUri"),
                SarifFacts.of(text(rule.get("help"), "text")), texts(properties, "tags"),
                score(properties, "security-severity"), text(rule.get("defaultConfiguration"), "level"),
                score(properties, "cvssv3_baseScore"), texts(properties, "purls"));
    }

    boolean tagged(String tag) {
        return tags.stream().anyMatch(tag::equalsIgnoreCase);
    }
}
