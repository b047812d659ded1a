package io.keelwatch.inventory.workloads;

import io.keelwatch.inventory.ImageNames;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * An image reference as Kubernetes shows it ({@code registry/path:tag}, {@code path@sha256:…},
 * {@code path:tag@sha256:…}), split into repository, tag and digest. Repositories are kept in Docker's
 * familiar spelling ({@code nginx}, not {@code docker.io/library/nginx}), the way {@code trivy image}
 * names them, and {@link #spellings} lists the others one image may be known under.
 *
 * @param tag    null without one
 * @param digest {@code algorithm:hex}, or null without one
 */
record ImageReference(String repository, String tag, String digest) {

    private static final Pattern DIGEST = Pattern.compile("[a-z0-9]+:[a-f0-9]{32,128}");
    private static final Pattern TAG = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}");
    private static final Pattern REPOSITORY = Pattern.compile("[a-z0-9][a-z0-9._:/-]{0,511}");

    /** The reference, or null when it is none (empty, spaces, upper case in the path, a malformed digest). */
    static ImageReference parse(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        String rest = text.strip();
        String digest = null;
        int at = rest.indexOf('@');
        if (at >= 0) {
            digest = rest.substring(at + 1).toLowerCase(Locale.ROOT);
            rest = rest.substring(0, at);
            if (!isDigest(digest)) {
                return null;
            }
        }
        String tag = null;
        int colon = rest.lastIndexOf(':');
        if (colon > rest.lastIndexOf('/')) {
            tag = rest.substring(colon + 1);
            rest = rest.substring(0, colon);
            if (!TAG.matcher(tag).matches()) {
                return null;
            }
        }
        if (!REPOSITORY.matcher(rest).matches() || rest.endsWith("/")) {
            return null;
        }
        return new ImageReference(ImageNames.familiar(rest), tag, digest);
    }

    /**
     * What a container status's {@code imageID} says, in each runtime's spelling: Docker's
     * {@code docker-pullable://repo@sha256:…} (or {@code docker://sha256:…}), containerd's and CRI-O's
     * {@code repo@sha256:…}, or a bare {@code sha256:…} (a local image; its repository is then the
     * spec's). Null when it names no digest (empty while the container is being created).
     */
    static ImageReference fromImageId(String imageId) {
        if (imageId == null || imageId.isBlank()) {
            return null;
        }
        String id = imageId.strip();
        int scheme = id.indexOf("://");
        if (scheme >= 0) {
            id = id.substring(scheme + 3);
        }
        if (isDigest(id.toLowerCase(Locale.ROOT))) {
            return new ImageReference(null, null, id.toLowerCase(Locale.ROOT));
        }
        ImageReference parsed = parse(id);
        return parsed == null || parsed.digest() == null ? null : parsed;
    }

    static boolean isDigest(String text) {
        return text != null && DIGEST.matcher(text).matches();
    }

    /** Every spelling the familiar repository may have been stored under (by a scanner or a runtime). */
    static List<String> spellings(String repository) {
        List<String> spellings = new ArrayList<>(List.of(repository));
        String first = repository.contains("/") ? repository.substring(0, repository.indexOf('/')) : "";
        boolean onDockerHub = !repository.contains("/") || !(first.contains(".") || first.contains(":") || first.equals("localhost"));
        if (onDockerHub) {
            String path = repository.contains("/") ? repository : "library/" + repository;
            spellings.add("docker.io/" + path);
            spellings.add("index.docker.io/" + path);
            if (!repository.contains("/")) {
                spellings.add("library/" + repository);
            }
        }
        return spellings;
    }
}
