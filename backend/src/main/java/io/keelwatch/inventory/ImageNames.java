package io.keelwatch.inventory;

import java.util.List;

/**
 * How Keelwatch spells an image's repository: Docker's familiar form ({@code nginx}, not
 * {@code docker.io/library/nginx}), the way {@code trivy image} and container runtimes name Docker
 * Hub images, so one image named by a scanner, a runtime or a Trivy Operator report is one repository.
 */
public final class ImageNames {

    private static final List<String> DOCKER_HUB = List.of("docker.io/", "index.docker.io/", "registry-1.docker.io/");

    private ImageNames() {
    }

    /** Docker Hub's implied registry and {@code library/} namespace left out; other registries as given. */
    public static String familiar(String repository) {
        for (String hub : DOCKER_HUB) {
            if (repository.startsWith(hub)) {
                String path = repository.substring(hub.length());
                return path.startsWith("library/") && path.indexOf('/', "library/".length()) < 0 ? path.substring("library/".length()) : path;
            }
        }
        return repository;
    }
}
