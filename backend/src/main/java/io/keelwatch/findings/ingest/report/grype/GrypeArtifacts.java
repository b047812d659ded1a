package io.keelwatch.findings.ingest.report.grype;

import static io.keelwatch.findings.ingest.report.JsonFields.text;
import static io.keelwatch.findings.ingest.report.JsonFields.texts;

import io.keelwatch.findings.FindingsProblem;
import io.keelwatch.findings.ingest.report.ArtifactIdentities;
import io.keelwatch.inventory.ArtifactIdentity;
import io.keelwatch.platform.KeelwatchException;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * Reads what a Grype report scanned from its {@code source}. An image ({@code type} "image") is
 * identified like a Trivy image, so the same image from both scanners is one image: first repo
 * digest, else the image ID (Trivy's fallback too), else the manifest digest; tags from
 * {@code tags} and the reference the user typed. A directory or file gets a derived digest.
 */
final class GrypeArtifacts {

    /** The identity, and the name the report gives the artifact (the user's input). */
    record Scanned(String name, ArtifactIdentity identity) {
    }

    private GrypeArtifacts() {
    }

    static Scanned identify(JsonNode source, JsonNode distro) {
        String osFamily = text(distro, "name");
        String osName = text(distro, "version");
        String type = text(source, "type");
        JsonNode target = source.get("target");
        if ("image".equals(type)) {
            List<String> repoDigests = texts(target, "repoDigests");
            List<String> tags = texts(target, "tags");
            String imageId = text(target, "imageID") != null ? text(target, "imageID") : text(target, "manifestDigest");
            String reference = text(target, "userInput");
            if (reference == null) {
                reference = !tags.isEmpty() ? tags.get(0) : !repoDigests.isEmpty() ? repoDigests.get(0) : imageId;
            }
            if (reference == null) {
                throw new KeelwatchException(FindingsProblem.MALFORMED_REPORT, "The Grype report's image source names no image.");
            }
            List<String> tagged = new ArrayList<>(tags);
            tagged.add(reference);
            return new Scanned(reference, ArtifactIdentities.image(reference, repoDigests, imageId, tagged, osFamily, osName));
        }
        String name = target != null && target.isString() ? target.asString()
                : text(target, "path") != null ? text(target, "path")
                : text(target, "userInput") != null ? text(target, "userInput") : text(source, "name");
        if (name == null || name.isBlank()) {
            throw new KeelwatchException(FindingsProblem.MALFORMED_REPORT, "The Grype report's source names no target.");
        }
        return new Scanned(name, ArtifactIdentities.derived(name, artifactType(type), osFamily, osName));
    }

    private static String artifactType(String grypeType) {
        if (grypeType == null) {
            return "other";
        }
        return switch (grypeType) {
            case "directory", "file" -> "filesystem";
            case "sbom" -> "sbom";
            default -> "other";
        };
    }
}
