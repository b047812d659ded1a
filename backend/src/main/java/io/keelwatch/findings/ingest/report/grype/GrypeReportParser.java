package io.keelwatch.findings.ingest.report.grype;

import static io.keelwatch.findings.ingest.report.JsonFields.score;
import static io.keelwatch.findings.ingest.report.JsonFields.text;
import static io.keelwatch.findings.ingest.report.JsonFields.texts;
import static io.keelwatch.findings.ingest.report.JsonFields.timestamp;

import io.keelwatch.findings.FindingKind;
import io.keelwatch.findings.FindingsProblem;
import io.keelwatch.findings.Severity;
import io.keelwatch.findings.ingest.report.CatalogEntry;
import io.keelwatch.findings.ingest.report.Fingerprints;
import io.keelwatch.findings.ingest.report.JsonFields;
import io.keelwatch.findings.ingest.report.ParsedFinding;
import io.keelwatch.findings.ingest.report.ReportFormat;
import io.keelwatch.findings.ingest.report.ReportHeader;
import io.keelwatch.findings.ingest.report.ReportJson;
import io.keelwatch.findings.ingest.report.ReportParser;
import io.keelwatch.findings.ingest.report.ReportSink;
import io.keelwatch.platform.KeelwatchException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * Grype's JSON report ({@code grype <image> -o json}). The matches array is streamed, one match
 * (vulnerability, related records, artifact) in memory at a time; source, distro and descriptor,
 * which Grype writes after the matches, are small and read whole. Ignored matches (suppressed by
 * the user's Grype configuration) are not imported.
 */
@Component
class GrypeReportParser implements ReportParser {

    /** The top-level fields other than matches, in whatever order the report has them. */
    private static final class Header {
        JsonNode source;
        JsonNode distro;
        String scannerVersion;
        String timestamp;
    }

    private final ReportJson json;

    GrypeReportParser(ReportJson json) {
        this.json = json;
    }

    @Override
    public ReportFormat format() {
        return ReportFormat.GRYPE;
    }

    @Override
    public ReportHeader parse(InputStream report, ReportSink findings) {
        Header header = new Header();
        json.readDocument(report, "Grype", (name, parser) -> {
            switch (name) {
                case "matches" -> json.forEachObject(parser, "the matches array", match -> findings.add(finding(match, findings)));
                case "source" -> header.source = json.tree(parser);
                case "distro" -> header.distro = json.tree(parser);
                case "descriptor" -> json.forEachProperty(parser, "the descriptor object", (field, value) -> {
                    switch (field) {
                        case "version" -> header.scannerVersion = JsonFields.text(value);
                        case "timestamp" -> header.timestamp = JsonFields.text(value);
                        default -> value.skipChildren();
                    }
                });
                default -> parser.skipChildren();
            }
        });
        if (header.source == null || !header.source.isObject()) {
            throw new KeelwatchException(FindingsProblem.MALFORMED_REPORT,
                    "The Grype report has no source, so what was scanned is unknown.");
        }
        GrypeArtifacts.Scanned scanned = GrypeArtifacts.identify(header.source, header.distro);
        OffsetDateTime created = timestamp(header.timestamp);
        return new ReportHeader("grype", header.scannerVersion, created == null ? null : created.toInstant(), scanned.name(),
                scanned.identity());
    }

    private static ParsedFinding finding(JsonNode match, ReportSink findings) {
        JsonNode vulnerability = match.get("vulnerability");
        String id = text(vulnerability, "id");
        if (id == null) {
            throw new KeelwatchException(FindingsProblem.MALFORMED_REPORT, "A Grype match has no vulnerability id.");
        }
        // Distro feeds often carry neither description nor CVSS; Grype then relates the NVD record.
        JsonNode nvd = nvdRecord(match.get("relatedVulnerabilities"));
        Severity severity = Severity.parse(text(vulnerability, "severity"));
        String description = text(vulnerability, "description") != null ? text(vulnerability, "description") : text(nvd, "description");
        BigDecimal cvss = baseScore(vulnerability) != null ? baseScore(vulnerability) : baseScore(nvd);
        Set<String> references = new LinkedHashSet<>(texts(vulnerability, "urls"));
        references.addAll(texts(nvd, "urls"));
        String dataSource = text(vulnerability, "dataSource");
        findings.describe(new CatalogEntry(id, null, description, severity, cvss,
                dataSource != null ? dataSource : references.stream().findFirst().orElse(null), new ArrayList<>(references),
                null, null));

        JsonNode artifact = match.get("artifact");
        String packageName = text(artifact, "name");
        String installed = text(artifact, "version");
        String purl = text(artifact, "purl");
        String path = firstLocation(artifact);
        String fingerprint = Fingerprints.isDistributionPackage(purl)
                ? Fingerprints.distributionPackageVulnerability(id, packageName, installed)
                : Fingerprints.packageVulnerability(id, packageName, installed, path, purl);
        return new ParsedFinding(fingerprint,
                FindingKind.vulnerability, id, id, packageName, installed, fixedVersion(vulnerability.get("fix")), path, purl,
                null, null, null, null, severity, 1);
    }

    private static JsonNode nvdRecord(JsonNode related) {
        if (related != null && related.isArray()) {
            for (JsonNode record : related) {
                String namespace = text(record, "namespace");
                if (namespace != null && namespace.startsWith("nvd")) {
                    return record;
                }
            }
        }
        return null;
    }

    /** The highest CVSS v3 base score of a record, or the highest of any version when it has no v3 score. */
    private static BigDecimal baseScore(JsonNode record) {
        JsonNode cvss = record == null ? null : record.get("cvss");
        if (cvss == null || !cvss.isArray()) {
            return null;
        }
        BigDecimal bestV3 = null;
        BigDecimal best = null;
        for (JsonNode entry : cvss) {
            BigDecimal score = score(entry.get("metrics"), "baseScore");
            if (score == null) {
                continue;
            }
            best = best == null || score.compareTo(best) > 0 ? score : best;
            String version = text(entry, "version");
            if (version != null && version.startsWith("3") && (bestV3 == null || score.compareTo(bestV3) > 0)) {
                bestV3 = score;
            }
        }
        return bestV3 != null ? bestV3 : best;
    }

    /** Grype lists fix versions only when a fix exists ({@code state} "fixed"); several are alternatives. */
    private static String fixedVersion(JsonNode fix) {
        List<String> versions = texts(fix, "versions");
        return versions.isEmpty() || "not-fixed".equals(text(fix, "state")) || "wont-fix".equals(text(fix, "state"))
                ? null : String.join(", ", versions);
    }

    private static String firstLocation(JsonNode artifact) {
        JsonNode locations = artifact == null ? null : artifact.get("locations");
        return locations != null && locations.isArray() && !locations.isEmpty() ? text(locations.get(0), "path") : null;
    }
}
