package io.keelwatch.findings;

import static io.keelwatch.findings.JsonFields.text;
import static io.keelwatch.findings.JsonFields.texts;

import io.keelwatch.inventory.ArtifactIdentity;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * Derives an image's identity from a Trivy report: the registry digest from
 * {@code Metadata.RepoDigests} when the image was pulled, else the image (config) ID or
 * ArtifactID; the repository from the digest or tag reference. Artifacts that are not images
 * get a digest derived from their type and name.
 */
final class TrivyArtifacts {

    private TrivyArtifacts() {
    }

    static ArtifactIdentity identify(String artifactName, String artifactType, String artifactId, JsonNode metadata) {
        JsonNode os = metadata == null ? null : metadata.get("OS");
        String osFamily = text(os, "Family");
        String osName = text(os, "Name");
        List<String> repoTags = texts(metadata, "RepoTags");
        List<String> repoDigests = texts(metadata, "RepoDigests");
        String type = artifactType(artifactType);
        if (!"container_image".equals(type)) {
            return new ArtifactIdentity(artifactName, derivedDigest(type, artifactName), type, List.of(), osFamily, osName);
        }
        String repository;
        String digest;
        if (!repoDigests.isEmpty() && repoDigests.get(0).contains("@")) {
            String reference = repoDigests.get(0);
            repository = reference.substring(0, reference.indexOf('@'));
            digest = reference.substring(reference.indexOf('@') + 1);
        } else {
            digest = text(metadata, "ImageID") != null ? text(metadata, "ImageID") : artifactId;
            repository = !repoTags.isEmpty() ? ImageReferences.repository(repoTags.get(0)) : ImageReferences.repository(artifactName);
        }
        if (digest == null || !digest.matches("[a-z0-9]+:[a-f0-9]{32,128}")) {
            digest = derivedDigest(type, artifactName);
        }
        List<String> tags = new ArrayList<>();
        for (String reference : repoTags) {
            if (ImageReferences.repository(reference).equals(repository)) {
                String tag = ImageReferences.tag(reference);
                if (tag != null) {
                    tags.add(tag);
                }
            }
        }
        return new ArtifactIdentity(repository, digest, type, tags, osFamily, osName);
    }

    private static String artifactType(String trivyType) {
        if (trivyType == null) {
            return "other";
        }
        return switch (trivyType) {
            case "container_image" -> "container_image";
            case "repository" -> "repository";
            case "filesystem" -> "filesystem";
            case "cyclonedx", "spdx" -> "sbom";
            case "vm" -> "vm";
            default -> "other";
        };
    }

    private static String derivedDigest(String type, String name) {
        return "sha256:" + Fingerprints.hash(type, name);
    }
}
