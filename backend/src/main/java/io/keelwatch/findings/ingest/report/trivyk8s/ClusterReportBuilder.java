package io.keelwatch.findings.ingest.report.trivyk8s;

import io.keelwatch.findings.ingest.report.ClusterReport;
import io.keelwatch.findings.ClusterImportResult;
import io.keelwatch.findings.FindingKind;
import io.keelwatch.findings.ingest.report.CatalogEntry;
import io.keelwatch.findings.ingest.report.ClusterFinding;
import io.keelwatch.findings.ingest.report.ParsedFinding;
import io.keelwatch.findings.ingest.report.trivy.TrivyArtifacts;
import io.keelwatch.inventory.ArtifactIdentity;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;

/**
 * Folds the resources of a trivy k8s report, one at a time, into findings per image.
 *
 * <p>A resource's Metadata names the images it holds results of. Naming one, the resource's image
 * results are all that image's; naming several (the summary layout merges a workload's images), a
 * result goes to the image whose name starts its Target ({@code nginx:1.25 (debian 12.5)}), and
 * results no name matches stay unattributed. The results of a workload's manifest (Type
 * {@code kubernetes}, Target {@code Kind/Name}) go, once the whole report is read, to every
 * identified image the workload runs. An image in several workloads is one image: its findings fold.
 * The manifest findings of objects that run no identified image are the cluster's own
 * ({@link ClusterFinding}); image results that have no identified image to go to are counted, not kept.
 */
public final class ClusterReportBuilder {

    /** Trivy's Result Type for a Kubernetes manifest (and for Kubernetes' own components). */
    private static final String MANIFEST = "kubernetes";
    private static final String OS_PACKAGES = "os-pkgs";

    /** An identified image and its findings so far. */
    private static final class ImageFindings {
        final ArtifactIdentity identity;
        final String reference;
        final Set<String> tags = new LinkedHashSet<>();
        final Set<String> workloads = new LinkedHashSet<>();
        final Map<String, ParsedFinding> findings = new LinkedHashMap<>();

        ImageFindings(ArtifactIdentity identity, String reference) {
            this.identity = identity;
            this.reference = reference;
        }

        ClusterReport.Image image() {
            ArtifactIdentity withAllTags = new ArtifactIdentity(identity.repository(), identity.digest(), identity.artifactType(),
                    List.copyOf(tags), identity.osFamily(), identity.osName());
            return new ClusterReport.Image(withAllTags, reference, List.copyOf(workloads), List.copyOf(findings.values()));
        }
    }

    /** An image the report names without a digest. */
    private static final class Unidentified {
        final Set<String> workloads = new LinkedHashSet<>();
        final Set<String> fingerprints = new HashSet<>();
    }

    /** One image a resource's Metadata names: identified, or only named. */
    private record Named(List<String> references, ImageFindings identified, String name) {

        /** Whether a Result's Target ({@code reference} or {@code reference (os version)}) names this image. */
        boolean holds(String target) {
            return target != null && references.stream().anyMatch(r -> target.equals(r) || target.startsWith(r + " ("));
        }
    }

    private String clusterName;
    private final Map<String, CatalogEntry> catalog = new HashMap<>();
    private final Map<String, ImageFindings> images = new HashMap<>();
    private final Map<String, Unidentified> unidentified = new LinkedHashMap<>();
    private final List<ClusterImportResult.SkippedImage> failed = new ArrayList<>();
    /** Per workload, its manifest's findings as reported (the namespace joins them when they go to an image). */
    private final Map<String, Map<String, ParsedFinding>> manifests = new LinkedHashMap<>();
    private final Map<String, ClusterResource> manifestResources = new HashMap<>();
    private final Map<String, Set<String>> imagesOfWorkload = new HashMap<>();
    private final Set<String> notImportedResources = new HashSet<>();
    private final Map<FindingKind, Set<String>> notImportedFindings = new EnumMap<>(FindingKind.class);

    void clusterName(String name) {
        clusterName = name;
    }

    void describe(CatalogEntry entry) {
        catalog.putIfAbsent(entry.id(), entry);
    }

    void add(ClusterResource resource) {
        String workload = resource.workload();
        if (resource.error() != null) {
            // A failed scan says nothing about what was fixed: the resource gives its image no scan, which would close findings.
            String image = resource.images().isEmpty() ? null : TrivyArtifacts.references(resource.images().get(0)).get(0);
            long findings = resource.results().stream().flatMap(r -> r.findings().stream()).map(ParsedFinding::fingerprint)
                    .distinct().count();
            failed.add(new ClusterImportResult.SkippedImage(image, List.of(workload), ClusterImportResult.SkippedImage.SCAN_ERROR,
                    resource.error(), (int) findings));
            return;
        }
        List<Named> named = resource.images().stream().map(metadata -> named(metadata, workload)).toList();
        Map<ImageFindings, Map<String, ParsedFinding>> byImage = new LinkedHashMap<>();
        for (ClusterResource.Result result : resource.results()) {
            if (MANIFEST.equals(result.context().type())) {
                Map<String, ParsedFinding> manifest = manifests.computeIfAbsent(workload, w -> new LinkedHashMap<>());
                manifestResources.putIfAbsent(workload, resource);
                result.findings().forEach(f -> fold(manifest, f));
                continue;
            }
            Named image = imageOf(named, result.context().target(), resource);
            if (image == null) {
                notImported(workload, result.findings());
            } else if (image.identified() != null) {
                Map<String, ParsedFinding> findings = byImage.computeIfAbsent(image.identified(), i -> new LinkedHashMap<>());
                result.findings().forEach(f -> fold(findings, f));
            } else {
                Unidentified seen = unidentified(image.name(), workload);
                result.findings().forEach(f -> seen.fingerprints.add(f.fingerprint()));
            }
        }
        // The same image's results in another workload are another copy of one report, not more occurrences.
        byImage.forEach((image, findings) -> findings.values()
                .forEach(f -> image.findings.merge(f.fingerprint(), f, ParsedFinding::seenAgain)));
    }

    ClusterReport build() {
        List<ClusterFinding> ofTheCluster = new ArrayList<>();
        manifests.forEach((workload, findings) -> {
            ClusterResource resource = manifestResources.get(workload);
            Set<String> runs = imagesOfWorkload.getOrDefault(workload, Set.of());
            // An object that runs no identified image (a Role, a ConfigMap, a node's components, a workload
            // whose images have no digest) is the cluster's: its findings are the cluster's own.
            if (runs.isEmpty()) {
                findings.values().forEach(f -> ofTheCluster.add(
                        ClusterFinding.of(resource.namespace(), resource.kind(), resource.name(), f)));
            }
            runs.forEach(key -> findings.values().stream().map(f -> f.inNamespace(resource.namespace()))
                    .forEach(f -> images.get(key).findings.merge(f.fingerprint(), f, ParsedFinding::seenAgain)));
        });
        // Image order is also the order their rows are locked in, so two cluster imports never wait on each other in a cycle.
        List<ClusterReport.Image> identified = images.values().stream()
                .map(ImageFindings::image)
                .sorted(Comparator.comparing((ClusterReport.Image i) -> i.identity().repository())
                        .thenComparing(i -> i.identity().digest()))
                .toList();
        Set<String> referenced = Stream.concat(identified.stream().flatMap(i -> i.findings().stream()),
                ofTheCluster.stream().map(ClusterFinding::finding)).map(ParsedFinding::catalogId).collect(Collectors.toSet());
        List<ClusterImportResult.SkippedImage> skipped = new ArrayList<>();
        unidentified.forEach((name, image) -> skipped.add(new ClusterImportResult.SkippedImage(name, List.copyOf(image.workloads),
                ClusterImportResult.SkippedImage.NO_DIGEST,
                "The report gives no digest for this image; Trivy 0.50 and later record each image's RepoDigests.",
                image.fingerprints.size())));
        skipped.addAll(failed);
        List<CatalogEntry> described = catalog.values().stream().filter(e -> referenced.contains(e.id()))
                .sorted(Comparator.comparing(CatalogEntry::id)).toList();
        return new ClusterReport(clusterName, described, identified, List.copyOf(ofTheCluster), skipped,
                new ClusterImportResult.NotImported(
                notImportedResources.size(), notImported(FindingKind.vulnerability), notImported(FindingKind.misconfiguration),
                notImported(FindingKind.secret)));
    }

    private Named named(JsonNode metadata, String workload) {
        List<String> references = TrivyArtifacts.references(metadata);
        Optional<ArtifactIdentity> identity = TrivyArtifacts.clusterImage(metadata);
        if (identity.isEmpty()) {
            unidentified(references.get(0), workload);
            return new Named(references, null, references.get(0));
        }
        String key = identity.get().repository() + "@" + identity.get().digest();
        ImageFindings image = images.computeIfAbsent(key, k -> new ImageFindings(identity.get(), references.get(0)));
        image.tags.addAll(identity.get().tags());
        image.workloads.add(workload);
        imagesOfWorkload.computeIfAbsent(workload, w -> new LinkedHashSet<>()).add(key);
        return new Named(references, image, null);
    }

    /**
     * The image a Result of a resource belongs to. Reports of Trivy before 0.50 name no image in
     * Metadata; the Target of its OS packages ({@code ubuntu:latest (ubuntu 22.04)}) names it then.
     */
    private Named imageOf(List<Named> named, String target, ClusterResource resource) {
        if (named.size() == 1) {
            return named.get(0);
        }
        if (!named.isEmpty()) {
            return named.stream().filter(n -> n.holds(target)).findFirst().orElse(null);
        }
        return resource.results().stream()
                .filter(r -> OS_PACKAGES.equals(r.context().resultClass()) && r.context().target() != null)
                .map(r -> r.context().target().replaceFirst(" \\(.*\\)$", ""))
                .findFirst()
                .map(name -> new Named(List.of(name), null, name))
                .orElse(null);
    }

    private Unidentified unidentified(String name, String workload) {
        Unidentified image = unidentified.computeIfAbsent(name, n -> new Unidentified());
        image.workloads.add(workload);
        return image;
    }

    private void notImported(String workload, Collection<ParsedFinding> findings) {
        if (findings.isEmpty()) {
            return;
        }
        notImportedResources.add(workload);
        findings.forEach(f -> notImportedFindings.computeIfAbsent(f.kind(), k -> new HashSet<>())
                .add(workload + " " + f.fingerprint()));
    }

    private int notImported(FindingKind kind) {
        return notImportedFindings.getOrDefault(kind, Set.of()).size();
    }

    private static void fold(Map<String, ParsedFinding> findings, ParsedFinding finding) {
        findings.merge(finding.fingerprint(), finding, ParsedFinding::foldedWith);
    }
}
