package io.keelwatch.findings.ingest.report.trivy;

import static io.keelwatch.findings.ingest.report.JsonFields.text;
import static io.keelwatch.findings.ingest.report.JsonFields.texts;

import io.keelwatch.findings.ingest.report.ArtifactIdentities;
import io.keelwatch.inventory.ArtifactIdentity;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * Reads an artifact's identity from a Trivy report: for images {@code Metadata.RepoDigests},
 * {@code Metadata.ImageID} (or the ArtifactID) and {@code Metadata.RepoTags}; other artifacts are
 * named by ArtifactName. {@link ArtifactIdentities} turns these into the identity. A trivy k8s
 * report carries the same Metadata per image it scanned.
 */
public final class TrivyArtifacts {

    private TrivyArtifacts() {
    }

    static ArtifactIdentity identify(String artifactName, String artifactType, String artifactId, JsonNode metadata) {
        JsonNode os = metadata == null ? null : metadata.get("OS");
        String osFamily = text(os, "Family");
        String osName = text(os, "Name");
        String type = artifactType(artifactType);
        if (!ArtifactIdentities.CONTAINER_IMAGE.equals(type)) {
            return ArtifactIdentities.derived(artifactName, type, osFamily, osName);
        }
        String imageId = text(metadata, "ImageID") != null ? text(metadata, "ImageID") : artifactId;
        return ArtifactIdentities.image(artifactName, texts(metadata, "RepoDigests"), imageId, texts(metadata, "RepoTags"),
                osFamily, osName);
    }

    /**
     * The image one Metadata entry of a trivy k8s report describes, identified as {@code trivy image}
     * reports are, but only by a digest the report gives (a repo digest or the image ID): a cluster
     * runs images by name, and a digest derived from a name would call two builds one image.
     */
    public static Optional<ArtifactIdentity> clusterImage(JsonNode metadata) {
        List<String> repoDigests = texts(metadata, "RepoDigests");
        String imageId = text(metadata, "ImageID");
        List<String> references = references(metadata);
        if (references.isEmpty() || !ArtifactIdentities.hasDigest(repoDigests, imageId)) {
            return Optional.empty();
        }
        JsonNode os = metadata.get("OS");
        return Optional.of(ArtifactIdentities.image(references.get(0), repoDigests, imageId, texts(metadata, "RepoTags"),
                text(os, "Family"), text(os, "Name")));
    }

    /**
     * The names one Metadata entry gives its image, tags first ({@code repository:tag}, then
     * {@code repository@digest}); none for the empty entry Trivy writes for resources that are not images.
     */
    public static List<String> references(JsonNode metadata) {
        List<String> references = new ArrayList<>(texts(metadata, "RepoTags"));
        references.addAll(texts(metadata, "RepoDigests"));
        return references;
    }

    private static String artifactType(String trivyType) {
        if (trivyType == null) {
            return "other";
        }
        return switch (trivyType) {
            case "container_image" -> ArtifactIdentities.CONTAINER_IMAGE;
            case "repository" -> "repository";
            case "filesystem" -> "filesystem";
            case "cyclonedx", "spdx" -> "sbom";
            case "vm" -> "vm";
            default -> "other";
        };
    }
}
