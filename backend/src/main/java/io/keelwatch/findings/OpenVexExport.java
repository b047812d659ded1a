package io.keelwatch.findings;

import io.keelwatch.access.Viewer;
import io.keelwatch.inventory.InventoryService;
import io.keelwatch.inventory.ProjectRef;
import io.keelwatch.platform.KeelwatchException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * A project's approved decisions as an OpenVEX v0.2.0 document for {@code trivy image --vex}, so
 * CI stops failing on what was decided. Every decision is a {@code not_affected} statement (the
 * only status that makes a scanner drop a finding) about the project's images as
 * {@code pkg:oci/<name>?repository_url=<repository>}, with the covered packages' purls as
 * subcomponents when the decision is about a package. The human justification travels as
 * {@code impact_statement}; the OpenVEX justification label only where one was given, never invented.
 */
@Component
class OpenVexExport {

    static final String CONTEXT = "https://openvex.dev/ns/v0.2.0";

    private final FindingExceptions exceptions;
    private final InventoryService inventory;
    private final JsonMapper json;

    OpenVexExport(FindingExceptions exceptions, InventoryService inventory, JsonMapper json) {
        this.exceptions = exceptions;
        this.inventory = inventory;
        this.json = json;
    }

    Map<String, Object> document(String projectSlug, Viewer viewer) {
        ProjectRef project = inventory.visibleProject(projectSlug, viewer)
                .orElseThrow(() -> KeelwatchException.notFound("Project '" + projectSlug + "'"));
        List<String> repositories = exceptions.imageRepositories(project.id());
        List<Map<String, Object>> statements = new ArrayList<>();
        for (FindingExceptionSummary e : exceptions.activeForProject(project.id(), project.teamId(), Instant.now())) {
            List<Map<String, Object>> products = products(e, project.id(), repositories);
            if (products.isEmpty()) {
                continue; // a package decision with no finding to name its purl: nothing precise to say
            }
            Map<String, Object> statement = new LinkedHashMap<>();
            statement.put("vulnerability", Map.of("name", e.matchId()));
            statement.put("timestamp", (e.decidedAt() == null ? e.proposedAt() : e.decidedAt())
                    .withOffsetSameInstant(ZoneOffset.UTC).toString());
            statement.put("products", products);
            statement.put("status", "not_affected");
            if (e.vexJustification() != null) {
                statement.put("justification", e.vexJustification().name());
            }
            statement.put("impact_statement", impact(e));
            statements.add(statement);
        }
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("@context", CONTEXT);
        document.put("@id", "urn:keelwatch:openvex:" + project.slug() + ":" + digest(statements));
        document.put("author", "Keelwatch (" + viewer.username() + ")");
        document.put("role", "Document creator");
        document.put("timestamp", Instant.now().atOffset(ZoneOffset.UTC).toString());
        document.put("version", 1);
        document.put("tooling", "Keelwatch");
        document.put("statements", statements);
        return document;
    }

    private List<Map<String, Object>> products(FindingExceptionSummary e, long projectId, List<String> repositories) {
        List<String[]> covered = exceptions.coveredPackages(e.id(), projectId);
        List<Map<String, Object>> products = new ArrayList<>();
        for (String repository : repositories) {
            Map<String, Object> product = new LinkedHashMap<>();
            product.put("@id", ociPurl(repository));
            if (e.packageName() != null) {
                List<Map<String, String>> subcomponents = covered.stream()
                        .filter(c -> repository.equals(c[1]) && c[0] != null)
                        .map(c -> PackageUrl.withoutQualifiers(c[0]))
                        .distinct()
                        .map(purl -> Map.of("@id", purl))
                        .toList();
                if (subcomponents.isEmpty()) {
                    continue;
                }
                product.put("subcomponents", subcomponents);
            }
            products.add(product);
        }
        return products;
    }

    /** Trivy matches images by {@code pkg:oci/<last path segment>?repository_url=<repository>}. */
    static String ociPurl(String repository) {
        String name = repository.substring(repository.lastIndexOf('/') + 1).toLowerCase(Locale.ROOT);
        return "pkg:oci/" + name + "?repository_url=" + repository;
    }

    private static String impact(FindingExceptionSummary e) {
        return switch (e.kind()) {
            case risk_accepted -> "Risk accepted by " + e.approvedBy() + " until " + e.expiresAt().toLocalDate() + ": "
                    + e.justification();
            case false_positive -> "False positive (" + e.approvedBy() + "): " + e.justification();
            case not_affected -> e.justification();
        };
    }

    private String digest(Object statements) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(json.writeValueAsString(statements).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash).substring(0, 32);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
