package io.keelwatch.findings.vex;

import io.keelwatch.access.Viewer;
import io.keelwatch.findings.ExceptionKind;
import io.keelwatch.findings.ExceptionProposal;
import io.keelwatch.findings.FindingExceptionService;
import io.keelwatch.findings.FindingExceptionSummary;
import io.keelwatch.findings.FindingsProblem;
import io.keelwatch.findings.VexJustification;
import io.keelwatch.findings.exceptions.ExceptionQueries;
import io.keelwatch.findings.ingest.report.PackageUrl;
import io.keelwatch.inventory.InventoryService;
import io.keelwatch.inventory.ProjectRef;
import io.keelwatch.platform.CommonProblem;
import io.keelwatch.platform.KeelwatchException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns an OpenVEX (v0.2.0, and the older 0.0.x shapes) document into exceptions of one project.
 * A {@code not_affected} statement becomes one not_affected exception per package it names
 * (subcomponent purls, else a non-image product purl); a statement about a whole image
 * ({@code pkg:oci} with no subcomponents) covers every package. {@code fixed}, {@code affected} and
 * {@code under_investigation} say nothing an exception could carry, so they are counted and left.
 * Proposed by the importer; approved at once when the importer may decide exceptions.
 */
@Component
public class OpenVexImport {

    /** What an import did. */
    public record Result(int created, int approved, int alreadyPresent, Map<String, Integer> ignored,
            List<FindingExceptionSummary> exceptions) {

        /** What the import did, without the exceptions it wrote (absent from the JSON answer). */
        public Result countsOnly() {
            return new Result(created, approved, alreadyPresent, ignored, null);
        }
    }

    private final FindingExceptionService service;
    private final ExceptionQueries exceptions;
    private final InventoryService inventory;
    private final JsonMapper json;

    OpenVexImport(FindingExceptionService service, ExceptionQueries exceptions, InventoryService inventory, JsonMapper json) {
        this.service = service;
        this.exceptions = exceptions;
        this.inventory = inventory;
        this.json = json;
    }

    @Transactional
    public Result importDocument(String projectSlug, String document, Viewer viewer) {
        if (projectSlug == null || projectSlug.isBlank()) {
            throw new KeelwatchException(CommonProblem.INVALID_REQUEST, "Name the project: ?project=<slug>.");
        }
        ProjectRef project = inventory.visibleProject(projectSlug.trim(), viewer)
                .orElseThrow(() -> KeelwatchException.notFound("Project '" + projectSlug.trim() + "'"));
        if (!viewer.canWriteTo(project.teamId())) {
            throw new KeelwatchException(CommonProblem.FORBIDDEN, "You may not propose exceptions for this project.");
        }
        JsonNode root = parse(document);
        Map<String, Integer> ignored = new LinkedHashMap<>();
        List<FindingExceptionSummary> created = new ArrayList<>();
        int approved = 0;
        int present = 0;
        for (JsonNode statement : root.get("statements")) {
            String status = text(statement.get("status"));
            String vulnerability = vulnerability(statement.get("vulnerability"));
            if (status == null || vulnerability == null) {
                throw malformed("Every statement needs a vulnerability and a status.");
            }
            if (!"not_affected".equals(status)) {
                ignored.merge(status, 1, Integer::sum);
                continue;
            }
            VexJustification label = VexJustification.parse(text(statement.get("justification")));
            String impact = text(statement.get("impact_statement"));
            if (label == null && impact == null) {
                throw malformed("A not_affected statement needs a justification or an impact_statement (" + vulnerability + ").");
            }
            String why = impact != null ? impact : "OpenVEX: " + label.name();
            for (String pkg : packages(statement)) {
                if (exceptions.alreadyDecided(project.teamId(), project.id(), vulnerability, pkg, ExceptionKind.not_affected)) {
                    present++;
                    continue;
                }
                FindingExceptionSummary proposed = service.propose(new ExceptionProposal(project.slug(), null, vulnerability,
                        pkg, ExceptionKind.not_affected, why, label == null ? null : label.name(), null), viewer, "openvex");
                if (viewer.mayDecideExceptions()) {
                    proposed = service.approve(proposed.id(), null, viewer);
                    approved++;
                }
                created.add(proposed);
            }
        }
        return new Result(created.size(), approved, present, ignored, created);
    }

    private JsonNode parse(String document) {
        JsonNode root;
        try {
            root = json.readTree(document == null ? "" : document);
        } catch (JacksonException e) {
            throw malformed("Not JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw new KeelwatchException(FindingsProblem.EMPTY_REPORT, "Send an OpenVEX document.");
        }
        String context = text(root.get("@context"));
        if (context == null || !context.startsWith("https://openvex.dev/ns")) {
            throw new KeelwatchException(FindingsProblem.UNSUPPORTED_REPORT_FORMAT,
                    "Not an OpenVEX document (its @context must be https://openvex.dev/ns/…).");
        }
        if (root.get("statements") == null || !root.get("statements").isArray()) {
            throw malformed("An OpenVEX document needs a statements array.");
        }
        return root;
    }

    /** v0.2.0: {"name": …, "@id": …}; 0.0.x: a plain string. */
    private static String vulnerability(JsonNode node) {
        if (node == null) {
            return null;
        }
        if (node.isString()) {
            return node.asString();
        }
        String name = text(node.get("name"));
        return name != null ? name : text(node.get("@id"));
    }

    /** Package names a statement names; a single null when it is about whole images (every package). */
    private static Set<String> packages(JsonNode statement) {
        Set<String> names = new LinkedHashSet<>();
        boolean wholeImage = false;
        JsonNode products = statement.get("products");
        if (products == null || !products.isArray() || products.isEmpty()) {
            throw malformed("A statement needs products.");
        }
        for (JsonNode product : products) {
            List<String> subcomponents = new ArrayList<>();
            JsonNode subs = product.get("subcomponents");
            if (subs != null && subs.isArray()) {
                subs.forEach(s -> subcomponents.add(id(s)));
            }
            if (!subcomponents.isEmpty()) {
                subcomponents.forEach(purl -> names.add(packageName(purl)));
                continue;
            }
            String purl = id(product);
            PackageUrl parsed = PackageUrl.parse(purl).orElse(null);
            if (parsed == null || "oci".equals(parsed.type())) {
                wholeImage = true;
            } else {
                names.add(exact(parsed.packageName(), purl));
            }
        }
        if (wholeImage) {
            Set<String> all = new LinkedHashSet<>();
            all.add(null);
            return all;
        }
        return names;
    }

    private static String packageName(String purl) {
        return exact(PackageUrl.parse(purl).map(PackageUrl::packageName)
                .orElseThrow(() -> malformed("Subcomponent '" + purl + "' is not a package URL.")), purl);
    }

    /** A statement names packages exactly; a {@code *} would make the exception a package pattern, so it is refused. */
    private static String exact(String name, String purl) {
        if (name.contains("*")) {
            throw malformed("'" + purl + "' names a package with '*'; an exception reads '*' as \"any characters\".");
        }
        return name;
    }

    private static String id(JsonNode node) {
        String id = node.isString() ? node.asString() : text(node.get("@id"));
        if (id == null) {
            throw malformed("A product or subcomponent needs an @id.");
        }
        return id;
    }

    private static String text(JsonNode node) {
        return node == null || node.isNull() || !node.isString() || node.asString().isBlank() ? null : node.asString().strip();
    }

    private static KeelwatchException malformed(String message) {
        return new KeelwatchException(FindingsProblem.MALFORMED_REPORT, message);
    }
}
