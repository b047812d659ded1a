package io.keelwatch.findings.ingest.report.cyclonedx;

import static io.keelwatch.findings.ingest.report.JsonFields.text;

import io.keelwatch.findings.ingest.report.ArtifactIdentities;
import io.keelwatch.findings.ingest.report.ImageReferences;
import io.keelwatch.findings.ingest.report.PackageUrl;
import io.keelwatch.inventory.ArtifactIdentity;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * What a CycloneDX document is about, from {@code metadata.component}. A container is identified
 * like the same image's Trivy report: Trivy's {@code aquasecurity:trivy:RepoDigest} property,
 * else the digest of its {@code pkg:oci/…@sha256%3A…} purl, else Trivy's ImageID property or a
 * digest-like version (Syft); tags from {@code aquasecurity:trivy:RepoTag} and the name. Any other
 * subject gets a digest derived from its type and name. A document without a subject (a VEX
 * document) is about the BOM its BOM-links point into, else about itself (its serial number).
 */
final class CycloneDxArtifacts {

    /** The identity, and the name to record as the scanned artifact's name. */
    record Scanned(String name, ArtifactIdentity identity) {
    }

    private CycloneDxArtifacts() {
    }

    /**
     * @param linkedBom the {@code urn:cdx:<serial>/<version>} the document's BOM-links point into, if any
     */
    static Scanned identify(JsonNode metadata, String serialNumber, String linkedBom, String osFamily, String osName) {
        JsonNode component = metadata == null ? null : metadata.get("component");
        String type = text(component, "type");
        String name = text(component, "name");
        if ("container".equals(type) && name != null) {
            return new Scanned(name, container(component, name, osFamily, osName));
        }
        if (name != null) {
            return new Scanned(name, ArtifactIdentities.derived(name, artifactType(type), osFamily, osName));
        }
        String subject = linkedBom != null ? linkedBom : serialNumber != null ? serialNumber : "cyclonedx";
        return new Scanned(subject, ArtifactIdentities.derived(subject, "sbom", osFamily, osName));
    }

    private static ArtifactIdentity container(JsonNode component, String name, String osFamily, String osName) {
        List<String> repoDigests = new ArrayList<>(property(component, "aquasecurity:trivy:RepoDigest"));
        PackageUrl.parse(text(component, "purl"))
                .filter(purl -> "oci".equals(purl.type()) && ArtifactIdentities.isDigest(purl.version()))
                .ifPresent(purl -> {
                    String repository = purl.qualifiers().get("repository_url");
                    repoDigests.add((repository != null ? repository : ImageReferences.repository(name)) + "@" + purl.version());
                });
        List<String> imageIds = property(component, "aquasecurity:trivy:ImageID");
        String version = text(component, "version");
        String imageId = !imageIds.isEmpty() ? imageIds.get(0) : ArtifactIdentities.isDigest(version) ? version : null;
        List<String> tags = new ArrayList<>(property(component, "aquasecurity:trivy:RepoTag"));
        tags.add(name);
        return ArtifactIdentities.image(name, repoDigests, imageId, tags, osFamily, osName);
    }

    private static List<String> property(JsonNode component, String name) {
        List<String> values = new ArrayList<>();
        JsonNode properties = component.get("properties");
        if (properties != null && properties.isArray()) {
            for (JsonNode property : properties) {
                if (name.equals(text(property, "name")) && text(property, "value") != null) {
                    values.add(text(property, "value"));
                }
            }
        }
        return values;
    }

    /** CycloneDX component types of a scanned subject, in the terms of the image table. */
    private static String artifactType(String componentType) {
        if (componentType == null) {
            return "other";
        }
        return switch (componentType) {
            case "application", "file" -> "filesystem";
            default -> "other";
        };
    }
}
