package io.keelwatch.findings.ingest.report.sarif;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The facts scanners state line by line in SARIF texts, which carry what SARIF has no field for:
 * Trivy's result message ({@code Package: libssl1.1}, {@code Installed Version: 1.1.1c-r0},
 * {@code Fixed Version: …}, {@code Match: …}) and Grype's rule help ({@code Package:}, {@code Version:},
 * {@code Fix Version:}); both start with {@code Vulnerability CVE-…}.
 */
final class SarifFacts {

    static final String VULNERABILITY = "Vulnerability";
    static final String PACKAGE = "Package";
    static final String INSTALLED_VERSION = "Installed Version";
    static final String VERSION = "Version";
    static final String FIXED_VERSION = "Fixed Version";
    static final String FIX_VERSION = "Fix Version";
    static final String MATCH = "Match";
    static final String MESSAGE = "Message";

    private static final Set<String> KEPT = Set.of(PACKAGE, INSTALLED_VERSION, VERSION, FIXED_VERSION, FIX_VERSION, MATCH, MESSAGE);
    private static final Pattern FACT = Pattern.compile("^([A-Za-z][A-Za-z ]*): ?(.*)$");
    private static final Pattern VULNERABILITY_LINE = Pattern.compile("^Vulnerability (\\S+)$");

    private SarifFacts() {
    }

    /** The known facts of a text; the first statement of each wins, blank values are left out. */
    static Map<String, String> of(String text) {
        Map<String, String> facts = new HashMap<>();
        if (text == null) {
            return facts;
        }
        for (String line : text.split("\\R")) {
            Matcher vulnerability = VULNERABILITY_LINE.matcher(line.trim());
            if (vulnerability.matches()) {
                facts.putIfAbsent(VULNERABILITY, vulnerability.group(1));
                continue;
            }
            Matcher fact = FACT.matcher(line.trim());
            if (fact.matches() && KEPT.contains(fact.group(1)) && !fact.group(2).isBlank()) {
                facts.putIfAbsent(fact.group(1), fact.group(2).trim());
            }
        }
        return facts;
    }
}
