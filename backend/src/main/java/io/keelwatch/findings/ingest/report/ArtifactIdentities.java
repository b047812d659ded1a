package io.keelwatch.findings.ingest.report;

import io.keelwatch.inventory.ArtifactIdentity;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Turns what a report says about the scanned artifact into the identity Keelwatch files it under.
 * Every parser goes through here so that one image scanned by two tools, or reported in two
 * formats, is one image row.
 *
 * <p>An image is identified by the registry digest of its first repo digest ({@code repo@sha256:…})
 * when it came from a registry, else by its image (config) ID; its repository comes from that
 * digest reference, else from the first tag, else from the reference the scan was started with.
 * Anything without a usable digest (a directory, an SBOM, an image known only by name) gets a
 * digest derived from its type and name, so repeated scans of it still meet.
 */
public final class ArtifactIdentities {

    public static final String CONTAINER_IMAGE = "container_image";

    private ArtifactIdentities() {
    }

    /**
     * @param reference   the name the scan was started with ({@code registry/team/app:1.2}, a tar file…); not null
     * @param repoDigests {@code repository@digest} references, first one wins
     * @param imageId     the image (config) digest, used when there is no repo digest
     * @param repoTags    {@code repository:tag} references; those of the chosen repository become tag observations
     */
    public static ArtifactIdentity image(String reference, List<String> repoDigests, String imageId, List<String> repoTags,
            String osFamily, String osName) {
        String repository;
        String digest;
        if (hasRepoDigest(repoDigests)) {
            String repoDigest = repoDigests.get(0);
            repository = repoDigest.substring(0, repoDigest.indexOf('@'));
            digest = repoDigest.substring(repoDigest.indexOf('@') + 1);
        } else {
            digest = imageId;
            repository = ImageReferences.repository(repoTags.isEmpty() ? reference : repoTags.get(0));
        }
        if (digest == null || !isDigest(digest)) {
            digest = derivedDigest(CONTAINER_IMAGE, reference);
        }
        Set<String> tags = new LinkedHashSet<>();
        for (String tagged : repoTags) {
            if (ImageReferences.repository(tagged).equals(repository)) {
                String tag = ImageReferences.tag(tagged);
                if (tag != null) {
                    tags.add(tag);
                }
            }
        }
        return new ArtifactIdentity(repository, digest, CONTAINER_IMAGE, new ArrayList<>(tags), osFamily, osName);
    }

    /** Whether {@link #image} identifies the image by a digest it was given rather than one derived from its name. */
    public static boolean hasDigest(List<String> repoDigests, String imageId) {
        String repoDigest = hasRepoDigest(repoDigests) ? repoDigests.get(0) : null;
        return isDigest(repoDigest != null ? repoDigest.substring(repoDigest.indexOf('@') + 1) : imageId);
    }

    private static boolean hasRepoDigest(List<String> repoDigests) {
        return !repoDigests.isEmpty() && repoDigests.get(0).contains("@");
    }

    /** An artifact that has no registry digest of its own: named as the report names it, digest derived. */
    public static ArtifactIdentity derived(String name, String artifactType, String osFamily, String osName) {
        return new ArtifactIdentity(name, derivedDigest(artifactType, name), artifactType, List.of(), osFamily, osName);
    }

    /** A stable digest for an artifact that has none: the same type and names always give the same digest. */
    public static String derivedDigest(String artifactType, String... names) {
        String[] parts = new String[names.length + 1];
        parts[0] = artifactType;
        System.arraycopy(names, 0, parts, 1, names.length);
        return "sha256:" + Fingerprints.hash(parts);
    }

    /** Whether the text is a content digest as the image table stores it ({@code algorithm:hex}). */
    public static boolean isDigest(String text) {
        return text != null && text.matches("[a-z0-9]+:[a-f0-9]{32,128}");
    }
}
