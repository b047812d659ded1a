package io.keelwatch.findings.ingest.report.sarif;

import static io.keelwatch.findings.ingest.report.JsonFields.integer;
import static io.keelwatch.findings.ingest.report.JsonFields.text;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * What Keelwatch keeps of one SARIF result until its run has been read to the end (the rules or
 * the run's properties may come after the results): rule reference, level, message and the
 * first location.
 *
 * @param kind           SARIF {@code kind}: "pass", "notApplicable" and "informational" are not problems
 * @param imageReference the image a Grype result names in its logical location ({@code image@layer:/path})
 * @param packagePath    the path in that logical location: the package's file as Grype's JSON names it (the
 *                       physical uri is the image reference joined to the path the file was reached by)
 */
record SarifResult(String ruleId, Integer ruleIndex, String level, String kind, String message, String uri,
        Integer startLine, String imageReference, String packagePath) {

    /** Grype's logical location of a package in an image: {@code <the user's image reference>@<layer id>:/<path>}. */
    private static final Pattern IMAGE_LOCATION = Pattern.compile("^(.+)@((?:[a-z0-9]+:)?[a-f0-9]*):(/.*)$");

    static SarifResult from(JsonNode result) {
        JsonNode rule = result.get("rule");
        String ruleId = text(result, "ruleId") != null ? text(result, "ruleId") : text(rule, "id");
        Integer ruleIndex = integer(result, "ruleIndex") != null ? integer(result, "ruleIndex") : integer(rule, "index");
        JsonNode locations = result.get("locations");
        JsonNode first = locations != null && locations.isArray() && !locations.isEmpty() ? locations.get(0) : null;
        JsonNode physical = first == null ? null : first.get("physicalLocation");
        Matcher image = imageLocation(first);
        return new SarifResult(ruleId, ruleIndex, text(result, "level"), text(result, "kind"),
                text(result.get("message"), "text"), text(physical == null ? null : physical.get("artifactLocation"), "uri"),
                integer(physical == null ? null : physical.get("region"), "startLine"), image == null ? null : image.group(1),
                image == null ? null : image.group(3));
    }

    private static Matcher imageLocation(JsonNode location) {
        JsonNode logical = location == null ? null : location.get("logicalLocations");
        if (logical == null || !logical.isArray()) {
            return null;
        }
        for (JsonNode entry : logical) {
            String name = text(entry, "fullyQualifiedName");
            Matcher matcher = name == null ? null : IMAGE_LOCATION.matcher(name);
            if (matcher != null && matcher.matches()) {
                return matcher;
            }
        }
        return null;
    }
}
