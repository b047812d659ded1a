package io.keelwatch.inventory;

import java.util.List;

/**
 * What a report says it scanned: an image (repository + digest, with the tags it was seen under)
 * or another artifact, whose digest is then derived from its type and name.
 */
public record ArtifactIdentity(String repository, String digest, String artifactType, List<String> tags,
        String osFamily, String osName) {

    public ArtifactIdentity {
        tags = tags == null ? List.of() : List.copyOf(tags);
    }
}
