package io.keelwatch.findings.ingest.report.sarif;

import static io.keelwatch.findings.ingest.report.JsonFields.text;
import static io.keelwatch.findings.ingest.report.JsonFields.texts;

import io.keelwatch.findings.ingest.report.ArtifactIdentities;
import io.keelwatch.inventory.ArtifactIdentity;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import tools.jackson.databind.JsonNode;

/**
 * What a SARIF run scanned. SARIF has no field for it, so Keelwatch reads, in this order:
 * <ol>
 * <li>the run's {@code properties} as Trivy writes them for images ({@code imageName},
 *     {@code repoDigests}, {@code imageID}, {@code repoTags}): the image, identified exactly like
 *     the same image's Trivy JSON report;</li>
 * <li>the image reference Grype puts in its results' logical locations
 *     ({@code <image>@<layer>:/<path>}): the image, by its digest if the reference has one, else
 *     by a digest derived from the reference;</li>
 * <li>the run's {@code originalUriBaseIds} ({@code ROOTPATH}, {@code SRCROOT}): the scanned
 *     directory, with a derived digest;</li>
 * <li>nothing: the tool's name and a digest derived from the tool and the set of files the results
 *     point at, artifact type "other". Such a report only meets an earlier one when it names the
 *     same files, so upload with a {@code project} and prefer a format that names the image.</li>
 * </ol>
 */
final class SarifArtifacts {

    /** The identity, and the name to record as the scanned artifact's name. */
    record Scanned(String name, ArtifactIdentity identity) {
    }

    private SarifArtifacts() {
    }

    /** What one run says it scanned (cases 1–3), if it says. */
    static Optional<Scanned> identify(JsonNode properties, String imageReference, JsonNode originalUriBaseIds) {
        List<String> repoDigests = texts(properties, "repoDigests");
        List<String> repoTags = texts(properties, "repoTags");
        String imageId = text(properties, "imageID");
        String imageName = text(properties, "imageName");
        if (imageName != null || imageId != null || !repoDigests.isEmpty()) {
            String reference = imageName != null ? imageName : !repoTags.isEmpty() ? repoTags.get(0)
                    : !repoDigests.isEmpty() ? repoDigests.get(0) : imageId;
            return Optional.of(new Scanned(reference,
                    ArtifactIdentities.image(reference, repoDigests, imageId, repoTags, null, null)));
        }
        if (imageReference != null) {
            String digest = imageReference.contains("@") ? imageReference.substring(imageReference.lastIndexOf('@') + 1) : null;
            List<String> digests = ArtifactIdentities.isDigest(digest) ? List.of(imageReference) : List.of();
            return Optional.of(new Scanned(imageReference,
                    ArtifactIdentities.image(imageReference, digests, null, List.of(imageReference), null, null)));
        }
        return scanRoot(originalUriBaseIds).map(root -> new Scanned(root, ArtifactIdentities.derived(root, "filesystem", null, null)));
    }

    /** Case 4: a run, or several, that name nothing they scanned. */
    static Scanned unidentified(String toolName, Collection<String> uris) {
        String name = toolName == null ? "sarif" : toolName.toLowerCase(Locale.ROOT);
        SortedSet<String> files = new TreeSet<>(uris);
        List<String> parts = new ArrayList<>(files.size() + 1);
        parts.add(name);
        parts.addAll(files);
        return new Scanned(name, new ArtifactIdentity(name, ArtifactIdentities.derivedDigest("other", parts.toArray(String[]::new)),
                "other", List.of(), null, null));
    }

    private static Optional<String> scanRoot(JsonNode baseIds) {
        if (baseIds == null || !baseIds.isObject() || baseIds.isEmpty()) {
            return Optional.empty();
        }
        JsonNode root = baseIds.has("ROOTPATH") ? baseIds.get("ROOTPATH")
                : baseIds.has("SRCROOT") ? baseIds.get("SRCROOT") : baseIds.values().iterator().next();
        String uri = text(root, "uri");
        if (uri == null) {
            return Optional.empty();
        }
        try {
            URI parsed = new URI(uri);
            return Optional.of("file".equals(parsed.getScheme()) && parsed.getPath() != null ? parsed.getPath() : uri);
        } catch (URISyntaxException e) {
            return Optional.of(uri);
        }
    }
}
