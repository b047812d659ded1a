package io.keelwatch.findings.ingest.report.cyclonedx;

import static io.keelwatch.findings.ingest.report.JsonFields.score;
import static io.keelwatch.findings.ingest.report.JsonFields.text;
import static io.keelwatch.findings.ingest.report.JsonFields.timestamp;

import io.keelwatch.findings.FindingsProblem;
import io.keelwatch.findings.Severity;
import io.keelwatch.findings.ingest.report.CatalogEntry;
import io.keelwatch.findings.ingest.report.ReportSink;
import io.keelwatch.platform.KeelwatchException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.StringJoiner;
import tools.jackson.databind.JsonNode;

/**
 * Reads one CycloneDX {@code vulnerabilities[]} entry: its catalog description, and one compact
 * record per affected component ({@code affects[].ref}), to be turned into findings once the
 * document's components are known.
 */
final class CycloneDxVulnerabilities {

    /** One (vulnerability, affected component) pair as the document states it. */
    record Affected(String vulnerabilityId, String ref, Severity severity, String fixedVersion, String evidence) {
    }

    private CycloneDxVulnerabilities() {
    }

    static List<Affected> read(JsonNode vulnerability, ReportSink findings) {
        String id = text(vulnerability, "id");
        if (id == null) {
            throw new KeelwatchException(FindingsProblem.MALFORMED_REPORT, "A CycloneDX vulnerability has no id.");
        }
        JsonNode ratings = vulnerability.get("ratings");
        Severity severity = severity(ratings, text(vulnerability.get("source"), "name"));
        List<String> advisories = new ArrayList<>();
        JsonNode advisoryList = vulnerability.get("advisories");
        if (advisoryList != null && advisoryList.isArray()) {
            advisoryList.forEach(advisory -> {
                if (text(advisory, "url") != null) {
                    advisories.add(text(advisory, "url"));
                }
            });
        }
        String description = text(vulnerability, "description") != null ? text(vulnerability, "description")
                : text(vulnerability, "detail");
        findings.describe(new CatalogEntry(id, null, description, severity, cvss(ratings),
                !advisories.isEmpty() ? advisories.get(0) : text(vulnerability.get("source"), "url"), advisories,
                timestamp(text(vulnerability, "published")), timestamp(text(vulnerability, "updated"))));

        String evidence = analysis(vulnerability.get("analysis"));
        List<Affected> affected = new ArrayList<>();
        JsonNode affects = vulnerability.get("affects");
        if (affects != null && affects.isArray()) {
            for (JsonNode target : affects) {
                String ref = text(target, "ref");
                if (ref == null) {
                    throw new KeelwatchException(FindingsProblem.MALFORMED_REPORT, "CycloneDX vulnerability " + id + " affects no ref.");
                }
                affected.add(new Affected(id, ref, severity, unaffectedVersions(target.get("versions")), evidence));
            }
        }
        return affected;
    }

    /**
     * The rating of the vulnerability's own source (Trivy writes the source of its severity there),
     * else NVD's CVSS v3/v4 rating, else the most severe rating; UNKNOWN without ratings.
     */
    static Severity severity(JsonNode ratings, String source) {
        if (ratings == null || !ratings.isArray()) {
            return Severity.UNKNOWN;
        }
        Severity nvd = null;
        Severity highest = null;
        for (JsonNode rating : ratings) {
            Severity rated = rated(rating);
            if (rated == null) {
                continue;
            }
            String by = text(rating.get("source"), "name");
            if (source != null && source.equalsIgnoreCase(by)) {
                return rated;
            }
            if (nvd == null && "nvd".equalsIgnoreCase(by) && modernCvss(rating)) {
                nvd = rated;
            }
            highest = highest == null ? rated : Severity.mostSevere(rated, highest);
        }
        return nvd != null ? nvd : highest != null ? highest : Severity.UNKNOWN;
    }

    /** NVD's CVSS v3/v4 score, else the highest v3/v4 score of any source. */
    private static BigDecimal cvss(JsonNode ratings) {
        if (ratings == null || !ratings.isArray()) {
            return null;
        }
        BigDecimal best = null;
        for (JsonNode rating : ratings) {
            BigDecimal score = score(rating, "score");
            if (score == null || !modernCvss(rating)) {
                continue;
            }
            if ("nvd".equalsIgnoreCase(text(rating.get("source"), "name"))) {
                return score;
            }
            best = best == null || score.compareTo(best) > 0 ? score : best;
        }
        return best;
    }

    private static Severity rated(JsonNode rating) {
        String stated = text(rating, "severity");
        if (stated != null) {
            switch (stated.toLowerCase(Locale.ROOT)) {
                case "critical", "high", "medium", "low" -> {
                    return Severity.parse(stated);
                }
                case "info" -> {
                    return Severity.LOW;
                }
                default -> {
                }
            }
        }
        return Severity.fromCvss(score(rating, "score"));
    }

    private static boolean modernCvss(JsonNode rating) {
        String method = text(rating, "method");
        return method != null && (method.startsWith("CVSSv3") || method.startsWith("CVSSv4"));
    }

    /** The versions the document calls unaffected: for a scanner's finding, the versions that fix it. */
    private static String unaffectedVersions(JsonNode versions) {
        if (versions == null || !versions.isArray()) {
            return null;
        }
        StringJoiner fixed = new StringJoiner(", ");
        for (JsonNode version : versions) {
            if ("unaffected".equals(text(version, "status"))) {
                String value = text(version, "version") != null ? text(version, "version") : text(version, "range");
                if (value != null) {
                    fixed.add(value);
                }
            }
        }
        return fixed.length() == 0 ? null : fixed.toString();
    }

    /**
     * The document's VEX analysis in words, kept as the finding's evidence so that a
     * {@code not_affected} or {@code false_positive} statement is not lost before exceptions
     * can record it.
     */
    private static String analysis(JsonNode analysis) {
        String state = text(analysis, "state");
        if (state == null) {
            return null;
        }
        StringJoiner text = new StringJoiner("; ", "CycloneDX analysis: ", "");
        text.add("state " + state);
        if (text(analysis, "justification") != null) {
            text.add("justification " + text(analysis, "justification"));
        }
        JsonNode response = analysis.get("response");
        if (response != null && response.isArray() && !response.isEmpty()) {
            List<String> responses = new ArrayList<>();
            response.forEach(r -> responses.add(r.asString()));
            text.add("response " + String.join(", ", responses));
        } else if (text(analysis, "response") != null) {
            text.add("response " + text(analysis, "response"));
        }
        if (text(analysis, "detail") != null) {
            text.add("detail: " + text(analysis, "detail"));
        }
        return text.toString();
    }
}
