package io.keelwatch.findings.vex;

import io.keelwatch.access.Viewer;
import io.keelwatch.findings.FindingExceptionSummary;
import io.keelwatch.findings.FindingKind;
import io.keelwatch.findings.exceptions.ExceptionQueries;
import io.keelwatch.findings.ingest.report.PackageUrl;
import io.keelwatch.inventory.InventoryService;
import io.keelwatch.inventory.ProjectRef;
import io.keelwatch.platform.KeelwatchException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.TemporalAccessor;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * A project's approved decisions as an OpenVEX v0.2.0 document for {@code trivy image --vex}, so
 * CI stops failing on what was decided. Shaped after how Trivy matches statements (docs/api.md,
 * "OpenVEX", has the sources read):
 * <ul>
 * <li>every decision is a {@code not_affected} statement (with {@code fixed} the only status Trivy
 * filters on) whose {@code vulnerability.name} is the exception's id;</li>
 * <li>products are the project's images as version-less {@code pkg:oci/<name>?repository_url=<repository>},
 * the repository spelled as Trivy spells it (Docker Hub's {@code index.docker.io/library/…}), so one
 * statement covers every digest, rebuilt images included; a decision about a package lists that
 * package's purls, version-less (an exception names a package at any version), as subcomponents;</li>
 * <li>the same package purls are products of their own, because Trivy's image has a purl only when
 * the scanned image has a repo digest: an image built in CI and not yet pushed has none, and then
 * only a statement about the package itself matches.</li>
 * </ul>
 * Trivy applies VEX to vulnerabilities only, so exceptions that match only misconfigurations or
 * secrets are left out. Times are RFC 3339 with seconds, which Go's time parser requires. The
 * human justification travels as {@code impact_statement}; the OpenVEX justification label only
 * where one was given, never invented.
 */
@Component
public class OpenVexExport {

    static final String CONTEXT = "https://openvex.dev/ns/v0.2.0";

    private final ExceptionQueries exceptions;
    private final OpenVexQueries packages;
    private final InventoryService inventory;
    private final JsonMapper json;

    OpenVexExport(ExceptionQueries exceptions, OpenVexQueries packages, InventoryService inventory, JsonMapper json) {
        this.exceptions = exceptions;
        this.packages = packages;
        this.inventory = inventory;
        this.json = json;
    }

    public Map<String, Object> document(String projectSlug, Viewer viewer) {
        ProjectRef project = inventory.visibleProject(projectSlug, viewer)
                .orElseThrow(() -> KeelwatchException.notFound("Project '" + projectSlug + "'"));
        List<FindingExceptionSummary> decisions = exceptions.activeForProject(project.id(), project.teamId(), Instant.now());
        Map<Long, List<OpenVexQueries.Matched>> matched = packages.matchedInProject(
                        decisions.stream().map(FindingExceptionSummary::id).toArray(Long[]::new), project.id())
                .stream().collect(Collectors.groupingBy(OpenVexQueries.Matched::exceptionId));
        List<String> repositories = packages.containerRepositories(project.id());
        List<Map<String, Object>> statements = new ArrayList<>();
        for (FindingExceptionSummary e : decisions) {
            List<OpenVexQueries.Matched> findings = matched.getOrDefault(e.id(), List.of());
            if (!findings.isEmpty() && findings.stream().noneMatch(f -> f.kind() == FindingKind.vulnerability)) {
                continue; // a check or secret rule: Trivy's VEX filtering never looks at those
            }
            List<Map<String, Object>> products = products(e, findings, repositories);
            if (products.isEmpty()) {
                continue; // a package decision with no finding to name its purl: nothing precise to say
            }
            Map<String, Object> statement = new LinkedHashMap<>();
            statement.put("vulnerability", Map.of("name", e.matchId()));
            statement.put("timestamp", rfc3339(e.decidedAt() == null ? e.proposedAt() : e.decidedAt()));
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
        document.put("timestamp", rfc3339(Instant.now()));
        document.put("version", 1);
        document.put("tooling", "Keelwatch");
        document.put("statements", statements);
        return document;
    }

    private static List<Map<String, Object>> products(FindingExceptionSummary e, List<OpenVexQueries.Matched> findings,
            List<String> repositories) {
        List<OpenVexQueries.Matched> packages = findings.stream()
                .filter(f -> f.kind() == FindingKind.vulnerability && f.purl() != null)
                .toList();
        List<Map<String, Object>> products = new ArrayList<>();
        for (String repository : repositories) {
            Map<String, Object> image = new LinkedHashMap<>();
            image.put("@id", ociPurl(repository));
            if (e.packageName() != null) {
                Set<String> inImage = packages.stream()
                        .filter(f -> repository.equals(f.repository()) && "container_image".equals(f.artifactType()))
                        .map(f -> PackageUrl.withoutVersion(f.purl()))
                        .collect(Collectors.toCollection(LinkedHashSet::new));
                if (inImage.isEmpty()) {
                    continue;
                }
                image.put("subcomponents", inImage.stream().map(purl -> Map.of("@id", purl)).toList());
            }
            products.add(image);
        }
        packages.stream().map(f -> PackageUrl.withoutVersion(f.purl())).distinct()
                .forEach(purl -> products.add(Map.of("@id", purl)));
        return products;
    }

    /**
     * The version-less purl Trivy's image purl matches: {@code pkg:oci/<last path segment, lower case>}
     * with {@code repository_url} the repository as go-containerregistry names it (Trivy's
     * {@code pkg/purl} takes {@code Repository.Name()} of the image's first repo digest), percent-encoded.
     */
    static String ociPurl(String repository) {
        String canonical = canonicalRepository(repository);
        String name = canonical.substring(canonical.lastIndexOf('/') + 1).toLowerCase(Locale.ROOT);
        return "pkg:oci/" + name + "?repository_url=" + percentEncoded(canonical);
    }

    /**
     * A repository as go-containerregistry's {@code name.Repository.Name()} spells it: the first
     * segment is a registry only if it holds a '.' or ':'; otherwise, and for "docker.io", the
     * registry is {@code index.docker.io}, where a single-segment name lives under {@code library/}.
     */
    static String canonicalRepository(String repository) {
        String registry = "index.docker.io";
        String path = repository;
        int slash = repository.indexOf('/');
        if (slash > 0) {
            String first = repository.substring(0, slash);
            if (first.contains(".") || first.contains(":")) {
                registry = "docker.io".equals(first) ? "index.docker.io" : first;
                path = repository.substring(slash + 1);
            }
        }
        if ("index.docker.io".equals(registry) && !path.contains("/")) {
            path = "library/" + path;
        }
        return registry + "/" + path;
    }

    /** Percent-encodes all but RFC 3986's unreserved characters, as Trivy prints qualifier values. */
    private static String percentEncoded(String value) {
        StringBuilder out = new StringBuilder();
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if (c < 0x80 && (Character.isLetterOrDigit(c) || c == '-' || c == '.' || c == '_' || c == '~')) {
                out.append(c);
            } else {
                out.append('%').append(HexFormat.of().withUpperCase().toHexDigits(b));
            }
        }
        return out.toString();
    }

    /**
     * RFC 3339 with seconds always present. Go's {@code time.Time} (go-vex's timestamps) refuses a
     * time without seconds, and {@link OffsetDateTime#toString()} drops zero seconds.
     */
    private static String rfc3339(TemporalAccessor time) {
        return DateTimeFormatter.ISO_INSTANT.format(time instanceof OffsetDateTime t ? t.toInstant() : time);
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
