package io.keelwatch.findings;

/**
 * One finding as a report states it, reduced to what Keelwatch stores per finding; descriptions
 * go to the catalog. {@code occurrences} counts duplicates folded into it within one report.
 */
record ParsedFinding(String fingerprint, FindingKind kind, String catalogId, String ruleId, String packageName,
        String installedVersion, String fixedVersion, String packagePath, String purl, String target, String location,
        String evidence, String title, Severity severity, int occurrences) {

    ParsedFinding foldedWith(ParsedFinding duplicate) {
        return new ParsedFinding(fingerprint, kind, catalogId, ruleId, packageName, installedVersion,
                fixedVersion != null ? fixedVersion : duplicate.fixedVersion, packagePath, purl, target, location,
                evidence, title, severity.compareTo(duplicate.severity) <= 0 ? severity : duplicate.severity,
                occurrences + duplicate.occurrences);
    }
}
