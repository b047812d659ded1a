package io.keelwatch.findings.ingest.report.cyclonedx;

import static io.keelwatch.findings.ingest.report.JsonFields.text;
import static io.keelwatch.findings.ingest.report.JsonFields.timestamp;

import io.keelwatch.findings.FindingKind;
import io.keelwatch.findings.ingest.report.Fingerprints;
import io.keelwatch.findings.ingest.report.JsonFields;
import io.keelwatch.findings.ingest.report.ParsedFinding;
import io.keelwatch.findings.ingest.report.ReportFormat;
import io.keelwatch.findings.ingest.report.ReportHeader;
import io.keelwatch.findings.ingest.report.ReportJson;
import io.keelwatch.findings.ingest.report.ReportParser;
import io.keelwatch.findings.ingest.report.ReportSink;
import java.io.InputStream;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * CycloneDX JSON (1.4 to 1.7) with a {@code vulnerabilities} section, as
 * {@code trivy fs|image --format cyclonedx --scanners vuln} writes it, and CycloneDX VEX documents.
 * Components and vulnerabilities are streamed one at a time; since either may come first, each
 * (vulnerability, affected component) pair waits as a compact record and becomes a finding when
 * the document ends. A BOM without vulnerabilities imports with no findings. Analysis states such
 * as {@code not_affected} are kept in the finding's evidence until exceptions can take them.
 */
@Component
class CycloneDxReportParser implements ReportParser {

    /** The top-level fields other than components and vulnerabilities. */
    private static final class Header {
        String serialNumber;
        JsonNode metadata;
        String linkedBom;
    }

    private final ReportJson json;

    CycloneDxReportParser(ReportJson json) {
        this.json = json;
    }

    @Override
    public ReportFormat format() {
        return ReportFormat.CYCLONEDX;
    }

    @Override
    public ReportHeader parse(InputStream report, ReportSink findings) {
        CycloneDxComponents components = new CycloneDxComponents();
        List<CycloneDxVulnerabilities.Affected> affected = new ArrayList<>();
        Header header = new Header();
        json.readDocument(report, "CycloneDX", (name, parser) -> {
            switch (name) {
                case "serialNumber" -> header.serialNumber = JsonFields.text(parser);
                case "metadata" -> header.metadata = json.tree(parser);
                case "components" -> json.forEachObject(parser, "the components array", components::register);
                case "vulnerabilities" -> json.forEachObject(parser, "the vulnerabilities array", vulnerability -> {
                    for (CycloneDxVulnerabilities.Affected pair : CycloneDxVulnerabilities.read(vulnerability, findings)) {
                        affected.add(pair);
                        if (header.linkedBom == null && pair.ref().startsWith("urn:cdx:") && pair.ref().contains("#")) {
                            header.linkedBom = pair.ref().substring(0, pair.ref().indexOf('#'));
                        }
                    }
                });
                default -> parser.skipChildren();
            }
        });
        for (CycloneDxVulnerabilities.Affected pair : affected) {
            CycloneDxComponents.Package target = components.resolve(pair.ref());
            String id = pair.vulnerabilityId();
            findings.add(new ParsedFinding(
                    Fingerprints.isDistributionPackage(target.purl())
                            ? Fingerprints.distributionPackageVulnerability(id, target.name(), target.version())
                            : Fingerprints.packageVulnerability(id, target.name(), target.version(), null,
                                    target.purl() != null ? target.purl() : pair.ref()),
                    FindingKind.vulnerability, id, id, target.name(), target.version(), pair.fixedVersion(), null, target.purl(),
                    null, null, pair.evidence(), null, pair.severity(), 1));
        }
        CycloneDxArtifacts.Scanned scanned = CycloneDxArtifacts.identify(header.metadata, header.serialNumber,
                header.linkedBom, components.osFamily(), components.osName());
        JsonNode tool = tool(header.metadata);
        OffsetDateTime created = timestamp(text(header.metadata, "timestamp"));
        String scanner = text(tool, "name") == null ? "cyclonedx" : text(tool, "name").toLowerCase(Locale.ROOT);
        return new ReportHeader(scanner, text(tool, "version"), created == null ? null : created.toInstant(), scanned.name(),
                scanned.identity());
    }

    /** The first tool that made the document: {@code metadata.tools.components[0]} (1.5+) or {@code metadata.tools[0]} (1.4). */
    private static JsonNode tool(JsonNode metadata) {
        JsonNode tools = metadata == null ? null : metadata.get("tools");
        if (tools != null && tools.isObject()) {
            tools = tools.get("components");
        }
        return tools != null && tools.isArray() && !tools.isEmpty() ? tools.get(0) : null;
    }
}
