package io.keelwatch.inventory;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * What is wrong with a running container, as the Running page and API filter and show it. Each kind
 * is one SQL condition over the container ({@code c}), its workload ({@code w}) and its image ({@code i},
 * null when known by tag only) in {@code inventory.workloads.WorkloadQueries}.
 *
 * <p>The signing feature adds {@code UNSIGNED} here (the running digest has no verified signature the
 * cluster's environment requires), with its condition next to the others.
 */
public enum DriftKind {
    /** The image it runs has never been scanned (no scan of the digest in any project). */
    NEVER_SCANNED("never-scanned", "never scanned"),
    /** The image's newest scan is older than {@code keelwatch.inventory.workloads.scan-max-age}. */
    STALE_SCAN("stale-scan", "scan too old"),
    /** The runtime names no digest and the spec only a tag: what runs cannot be told from what was scanned. */
    TAG_ONLY("tag-only", "pinned by tag only"),
    /** No repository rule maps the image's repository to a project: its scans have nowhere to go. */
    UNMAPPED_IMAGE("unmapped-image", "image in no project"),
    /** No namespace rule of the cluster gives the namespace to a project: no team owns what runs there. */
    NO_PROJECT("no-project", "namespace in no project"),
    /**
     * Falco saw the workload run what its image does not hold — a drift rule's alert on one of its pods
     * since the container started: the immutable-infrastructure signal (the rules: {@code WorkloadQueries.RUNTIME_DRIFT_RULES}).
     */
    RUNTIME_DRIFT("runtime-drift", "drifted from its image at runtime");

    private final String value;
    private final String label;

    DriftKind(String value, String label) {
        this.value = value;
        this.label = label;
    }

    /** As the API writes and filters it ({@code never-scanned}). */
    @JsonValue
    public String value() {
        return value;
    }

    /** As the page shows it. */
    public String label() {
        return label;
    }

    public static java.util.Optional<DriftKind> fromValue(String value) {
        for (DriftKind kind : values()) {
            if (kind.value.equals(value)) {
                return java.util.Optional.of(kind);
            }
        }
        return java.util.Optional.empty();
    }

    @Override
    public String toString() {
        return value;
    }
}
