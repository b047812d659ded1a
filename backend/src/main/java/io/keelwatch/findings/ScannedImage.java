package io.keelwatch.findings;

/** An image as one project scans it: the head of its scan history. */
public record ScannedImage(long id, String repository, String digest, String artifactType, String project,
        String projectName) {
}
