package io.keelwatch.findings;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/** Folds a report's findings by fingerprint and its catalog entries by id while it is parsed. */
final class FindingAccumulator {

    private final Map<String, ParsedFinding> findings = new LinkedHashMap<>();
    private final Map<String, CatalogEntry> catalog = new LinkedHashMap<>();

    void add(ParsedFinding finding) {
        findings.merge(finding.fingerprint(), finding, ParsedFinding::foldedWith);
    }

    void describe(CatalogEntry entry) {
        catalog.putIfAbsent(entry.id(), entry);
    }

    Collection<ParsedFinding> findings() {
        return findings.values();
    }

    Collection<CatalogEntry> catalog() {
        return catalog.values();
    }
}
