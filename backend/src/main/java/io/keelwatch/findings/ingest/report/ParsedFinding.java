package io.keelwatch.findings.ingest.report;

import static io.keelwatch.findings.ingest.report.ReportValues.identifier;
import static io.keelwatch.findings.ingest.report.ReportValues.line;
import static io.keelwatch.findings.ingest.report.ReportValues.lines;

import io.keelwatch.findings.FindingKind;
import io.keelwatch.findings.Severity;

/**
 * One finding as a report states it, reduced to what Keelwatch stores per finding; descriptions
 * go to the catalog. {@code occurrences} counts duplicates folded into it within one report. Its
 * texts are stored as {@link ReportValues} makes them; the fingerprint was computed from the values
 * as reported.
 */
public record ParsedFinding(String fingerprint, FindingKind kind, String catalogId, String ruleId, String packageName,
        String installedVersion, String fixedVersion, String packagePath, String purl, String target, String location,
        String evidence, String title, Severity severity, int occurrences) {

    public ParsedFinding {
        catalogId = identifier(catalogId, ReportValues.ID);
        ruleId = identifier(ruleId, ReportValues.ID);
        packageName = identifier(packageName, ReportValues.PACKAGE_NAME);
        installedVersion = identifier(installedVersion, ReportValues.INSTALLED_VERSION);
        fixedVersion = line(fixedVersion, ReportValues.FIXED_VERSION);
        packagePath = identifier(packagePath, ReportValues.PATH);
        purl = identifier(purl, ReportValues.PATH);
        target = identifier(target, ReportValues.PATH);
        location = line(location, ReportValues.PATH);
        evidence = lines(evidence, ReportValues.EVIDENCE);
        title = line(title, ReportValues.TITLE);
    }

    public ParsedFinding foldedWith(ParsedFinding duplicate) {
        return new ParsedFinding(fingerprint, kind, catalogId, ruleId, packageName, installedVersion,
                fixedVersion != null ? fixedVersion : duplicate.fixedVersion, packagePath, purl, target, location,
                evidence, title, Severity.mostSevere(severity, duplicate.severity),
                occurrences + duplicate.occurrences);
    }

    /**
     * The same finding in another copy of the same image's results (the image runs in several
     * workloads of a cluster report): kept as folding keeps it, but counted once, not once per workload.
     */
    public ParsedFinding seenAgain(ParsedFinding copy) {
        ParsedFinding folded = foldedWith(copy);
        return new ParsedFinding(fingerprint, kind, catalogId, ruleId, packageName, installedVersion, folded.fixedVersion,
                packagePath, purl, target, location, evidence, title, folded.severity, Math.max(occurrences, copy.occurrences));
    }

    /**
     * A finding of a Kubernetes workload's manifest, which Trivy names {@code Kind/Name}: the
     * namespace joins its identity and location, so two workloads of one name stay two findings.
     */
    public ParsedFinding inNamespace(String namespace) {
        if (namespace == null) {
            return this;
        }
        return new ParsedFinding(Fingerprints.inNamespace(namespace, fingerprint), kind, catalogId, ruleId, packageName,
                installedVersion, fixedVersion, packagePath, purl, target,
                "namespace " + namespace + (location == null ? "" : ", " + location), evidence, title, severity, occurrences);
    }
}
