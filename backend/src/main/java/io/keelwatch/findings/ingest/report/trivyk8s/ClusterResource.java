package io.keelwatch.findings.ingest.report.trivyk8s;

import io.keelwatch.findings.ingest.report.ParsedFinding;
import io.keelwatch.findings.ingest.report.trivy.TrivyResults;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * One resource of a trivy k8s report: a workload or other object, the images its Metadata names
 * (as Trivy's Metadata entries), the results of scanning its manifest or those images, and the
 * error Trivy reported instead of results, if any.
 */
record ClusterResource(String namespace, String kind, String name, List<JsonNode> images, List<Result> results, String error) {

    /** One Result's place and the findings it holds. */
    record Result(TrivyResults.Context context, List<ParsedFinding> findings) {
    }

    /** {@code namespace/Kind/Name}, or {@code Kind/Name} for objects outside namespaces (nodes, cluster roles). */
    String workload() {
        return (namespace == null ? "" : namespace + "/") + kind + "/" + name;
    }

    /** Collects a resource's fields in whatever order the report has them. */
    static final class Reader {
        String namespace;
        String kind;
        String name;
        final List<JsonNode> images = new ArrayList<>();
        final List<Result> results = new ArrayList<>();
        String error;

        ClusterResource resource() {
            return new ClusterResource(namespace == null || namespace.isEmpty() ? null : namespace, kind, name, images, results,
                    error == null || error.isEmpty() ? null : error);
        }
    }
}
