package io.keelwatch.findings.vex;

import static org.assertj.core.api.Assertions.assertThat;

import io.keelwatch.findings.ingest.report.PackageUrl;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * What {@code trivy image --vex <file>} does with an OpenVEX document, restated in Java so tests
 * can ask whether Trivy would drop a finding (there is no trivy binary here). Restated from, not
 * copied out of, these sources (docs/api.md, "OpenVEX", lists the commits):
 * <ul>
 * <li>aquasecurity/trivy {@code pkg/vex/document.go}: a JSON document with a non-empty
 * {@code @context} is decoded into go-vex's {@code VEX} struct (Go's {@code encoding/json}: times
 * must be RFC 3339 with seconds, {@code version} a number);</li>
 * <li>{@code pkg/vex/vex.go} {@code filterVulnerabilities}/{@code reachRoot}: a vulnerable package is
 * first asked about as the product itself (no subcomponent); then, walking up its parents to the
 * root, every ancestor is asked about as the product with the package as subcomponent; a path that
 * meets a "not affected" component is blocked, and the finding is dropped when no path reaches the
 * root. Modelled here as one path: the package, then the image (the root);</li>
 * <li>{@code pkg/vex/openvex.go}: components without a purl are never matched; of the matching
 * statements the latest (go-vex {@code SortStatements}: by timestamp, the document's when a
 * statement has none) decides; {@code not_affected} and {@code fixed} drop the finding;</li>
 * <li>{@code pkg/purl/purl.go} {@code parseOCI}: the image's purl exists only when the report has a
 * repo digest (callers pass null otherwise);</li>
 * <li>openvex/go-vex {@code Statement.Matches}, {@code Product.Matches}, {@code Component.Matches},
 * {@code PurlMatches}: vulnerability by {@code name}, {@code @id} or alias; product by equal
 * {@code @id} or, for a purl {@code @id}, purl matching (type, namespace and name equal; a
 * version-less purl matches every version; its qualifiers must all be present with equal values);
 * a product without subcomponents, or asked without one, matches on its own.</li>
 * </ul>
 */
final class TrivyVexFilter {

    /** Go's {@code time.RFC3339} as {@code time.Time.UnmarshalJSON} accepts it: seconds required. */
    private static final Pattern GO_RFC3339 =
            Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?(Z|[+-]\\d{2}:\\d{2})");
    private static final Set<String> STATUSES = Set.of("not_affected", "affected", "fixed", "under_investigation");
    private static final Set<String> FILTERING = Set.of("not_affected", "fixed");

    private record Component(String id, List<String> subcomponents) {
    }

    private record Statement(int index, Set<String> vulnerability, List<Component> products, String status,
            OffsetDateTime time) {
    }

    private final List<Statement> statements = new ArrayList<>();

    private TrivyVexFilter() {
    }

    /** Reads a document as Trivy would; fails the test where Trivy would refuse to load it. */
    static TrivyVexFilter load(JsonNode document) {
        assertThat(document.path("@context").asString("")).as("@context (Trivy ignores a document without one)")
                .startsWith("https://openvex.dev/ns");
        OffsetDateTime documentTime = time(document.get("timestamp"), "document timestamp");
        assertThat(document.path("version").isIntegralNumber()).as("version is a number").isTrue();
        assertThat(document.path("statements").isArray()).as("statements").isTrue();
        TrivyVexFilter filter = new TrivyVexFilter();
        for (JsonNode s : document.get("statements")) {
            JsonNode vulnerability = s.get("vulnerability");
            assertThat(vulnerability != null && vulnerability.isObject()
                    && (vulnerability.path("name").isString() || vulnerability.path("@id").isString()))
                    .as("vulnerability is an object with a name or an @id: " + s).isTrue();
            Set<String> ids = new HashSet<>();
            for (String key : List.of("name", "@id")) {
                if (vulnerability.path(key).isString()) {
                    ids.add(vulnerability.get(key).asString());
                }
            }
            vulnerability.path("aliases").forEach(a -> ids.add(a.asString()));
            List<Component> products = new ArrayList<>();
            for (JsonNode p : s.path("products")) {
                assertThat(p.isObject() && p.path("@id").isString()).as("product is an object with an @id: " + p).isTrue();
                List<String> subs = new ArrayList<>();
                for (JsonNode sub : p.path("subcomponents")) {
                    assertThat(sub.isObject() && sub.path("@id").isString()).as("subcomponent with an @id: " + sub).isTrue();
                    subs.add(sub.get("@id").asString());
                }
                products.add(new Component(p.get("@id").asString(), subs));
            }
            String status = s.path("status").asString("");
            assertThat(STATUSES).as("status").contains(status);
            OffsetDateTime time = s.has("timestamp") ? time(s.get("timestamp"), "statement timestamp") : documentTime;
            filter.statements.add(new Statement(filter.statements.size(), ids, products, status, time));
        }
        return filter;
    }

    /**
     * Whether Trivy drops the finding of {@code vulnerability} in the package with purl
     * {@code packagePurl} of an image whose purl is {@code imagePurl} (null: no repo digest).
     */
    boolean filters(String vulnerability, String packagePurl, String imagePurl) {
        return notAffected(vulnerability, packagePurl, "") || imagePurl != null && notAffected(vulnerability, imagePurl, packagePurl);
    }

    private boolean notAffected(String vulnerability, String product, String subcomponent) {
        // go-vex collects matches last statement first, then sorts stably by time; Trivy takes the last
        List<Statement> matches = new ArrayList<>(statements.stream()
                .filter(s -> s.vulnerability().contains(vulnerability))
                .filter(s -> s.products().stream().anyMatch(p -> productMatches(p, product, subcomponent)))
                .sorted(Comparator.comparingInt(Statement::index).reversed())
                .toList());
        matches.sort(Comparator.comparing(Statement::time));
        return !matches.isEmpty() && FILTERING.contains(matches.get(matches.size() - 1).status());
    }

    private static boolean productMatches(Component product, String identifier, String subIdentifier) {
        if (!componentMatches(product.id(), identifier)) {
            return false;
        }
        return product.subcomponents().isEmpty() || subIdentifier.isEmpty()
                || product.subcomponents().stream().anyMatch(s -> componentMatches(s, subIdentifier));
    }

    private static boolean componentMatches(String id, String identifier) {
        return !id.isEmpty() && id.equals(identifier) || id.startsWith("pkg:") && purlMatches(id, identifier);
    }

    /** go-vex {@code PurlMatches(general, specific)}. */
    static boolean purlMatches(String general, String specific) {
        PackageUrl g = PackageUrl.parse(general).orElse(null);
        PackageUrl s = PackageUrl.parse(specific).orElse(null);
        if (g == null || s == null || !g.type().equals(s.type()) || !Objects.equals(g.namespace(), s.namespace())
                || !g.name().equals(s.name())) {
            return false;
        }
        if (g.version() != null && !g.version().equals(s.version())) {
            return false;
        }
        for (Map.Entry<String, String> q : g.qualifiers().entrySet()) {
            if (!q.getValue().equals(s.qualifiers().get(q.getKey()))) {
                return false;
            }
        }
        return true;
    }

    private static OffsetDateTime time(JsonNode node, String what) {
        assertThat(node != null && node.isString()).as(what + " is a string").isTrue();
        assertThat(node.asString()).as(what + " is RFC 3339 with seconds, as Go parses it").matches(GO_RFC3339);
        return OffsetDateTime.parse(node.asString());
    }
}
