package io.keelwatch.findings.ingest.report;

/** Splits image references: {@code registry:5000/team/app:1.2@sha256:…} into repository and tag. */
public final class ImageReferences {

    private ImageReferences() {
    }

    public static String repository(String reference) {
        String withoutDigest = reference.contains("@") ? reference.substring(0, reference.indexOf('@')) : reference;
        int colon = withoutDigest.lastIndexOf(':');
        return colon > withoutDigest.lastIndexOf('/') ? withoutDigest.substring(0, colon) : withoutDigest;
    }

    /**
     * An image's path on its registry (go-containerregistry's {@code RepositoryStr}, which Trivy's SARIF
     * names the image's OS packages by): without registry, tag and digest; Docker Hub's official images
     * under {@code library/}. Migration V22 computes the same in SQL.
     */
    public static String pathOnRegistry(String reference) {
        String repository = repository(reference);
        int slash = repository.indexOf('/');
        String first = slash < 0 ? null : repository.substring(0, slash);
        boolean registry = first != null && (first.contains(".") || first.contains(":") || first.equals("localhost"));
        String path = registry ? repository.substring(slash + 1) : repository;
        boolean dockerHub = !registry || first.equals("docker.io") || first.equals("index.docker.io");
        return dockerHub && !path.contains("/") ? "library/" + path : path;
    }

    public static String tag(String reference) {
        String withoutDigest = reference.contains("@") ? reference.substring(0, reference.indexOf('@')) : reference;
        int colon = withoutDigest.lastIndexOf(':');
        return colon > withoutDigest.lastIndexOf('/') ? withoutDigest.substring(colon + 1) : null;
    }
}
