package io.keelwatch.findings;

import static io.keelwatch.findings.JsonFields.text;
import static io.keelwatch.findings.JsonFields.texts;

import io.keelwatch.inventory.ArtifactIdentity;
import tools.jackson.databind.JsonNode;

/**
 * Reads an artifact's identity from a Trivy report: for images {@code Metadata.RepoDigests},
 * {@code Metadata.ImageID} (or the ArtifactID) and {@code Metadata.RepoTags}; other artifacts are
 * named by ArtifactName. {@link ArtifactIdentities} turns these into the identity.
 */
final class TrivyArtifacts {

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
