package io.keelwatch.findings.ingest.report.trivyk8s;

import io.keelwatch.findings.ingest.report.ClusterReport;
import io.keelwatch.findings.ingest.report.CatalogEntry;
import io.keelwatch.findings.ingest.report.JsonFields;
import io.keelwatch.findings.ingest.report.ParsedFinding;
import io.keelwatch.findings.ingest.report.ReportJson;
import io.keelwatch.findings.ingest.report.ReportSink;
import io.keelwatch.findings.ingest.report.trivy.TrivyArtifacts;
import io.keelwatch.findings.ingest.report.trivy.TrivyResults;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.springframework.stereotype.Component;
import tools.jackson.core.JsonParser;
import tools.jackson.databind.JsonNode;

/**
 * Trivy's Kubernetes report ({@code trivy k8s --format json}): {@code ClusterName} and a list of
 * resources, each a workload or other object with the results of scanning its manifest or one of
 * its images. Trivy 0.50 and later write {@code Resources} (with each image's Metadata);
 * {@code --report summary} writes the same resources as {@code Findings}; older versions wrote
 * {@code Vulnerabilities} and {@code Misconfigurations} without Metadata, so without digests.
 * Resources are streamed one at a time into a {@link ClusterReportBuilder}, which keeps the
 * findings grouped per image until the end, because a workload's manifest findings come before
 * (or without) the images it runs.
 */
@Component
public class TrivyClusterReportParser {

    private final ReportJson json;
    private final TrivyResults results;

    TrivyClusterReportParser(ReportJson json, TrivyResults results) {
        this.json = json;
        this.results = results;
    }

    public ClusterReport parse(InputStream report) {
        ClusterReportBuilder cluster = new ClusterReportBuilder();
        json.readDocument(report, "trivy k8s", (name, parser) -> {
            switch (name) {
                case "ClusterName" -> cluster.clusterName(JsonFields.text(parser));
                case "Resources", "Findings", "Vulnerabilities", "Misconfigurations" -> json.forEachStreamedObject(parser,
                        "the " + name + " array", resource -> cluster.add(resource(resource, cluster::describe)));
                default -> parser.skipChildren();
            }
        });
        return cluster.build();
    }

    private ClusterResource resource(JsonParser resource, Consumer<CatalogEntry> catalog) {
        ClusterResource.Reader read = new ClusterResource.Reader();
        json.forEachProperty(resource, "a resource", (name, parser) -> {
            switch (name) {
                case "Namespace" -> read.namespace = JsonFields.text(parser);
                case "Kind" -> read.kind = JsonFields.text(parser);
                case "Name" -> read.name = JsonFields.text(parser);
                // An array since Trivy 0.50; a single object in the versions just before.
                case "Metadata" -> metadata(json.tree(parser), read.images);
                case "Results" -> json.forEachStreamedObject(parser, "the Results array", result -> {
                    List<ParsedFinding> findings = new ArrayList<>();
                    TrivyResults.Context context = results.read(result, new ReportSink() {
                        @Override
                        public void describe(CatalogEntry entry) {
                            catalog.accept(entry);
                        }

                        @Override
                        public void add(ParsedFinding finding) {
                            findings.add(finding);
                        }
                    });
                    read.results.add(new ClusterResource.Result(context, findings));
                });
                case "Error" -> read.error = JsonFields.text(parser);
                default -> parser.skipChildren();
            }
        });
        return read.resource();
    }

    /** The entries that name an image; Trivy writes an empty one for a manifest it scanned. */
    private static void metadata(JsonNode metadata, List<JsonNode> images) {
        if (metadata.isArray()) {
            metadata.forEach(entry -> metadata(entry, images));
        } else if (metadata.isObject() && !TrivyArtifacts.references(metadata).isEmpty()) {
            images.add(metadata);
        }
    }
}
