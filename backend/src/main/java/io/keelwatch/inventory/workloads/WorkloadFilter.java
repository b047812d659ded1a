package io.keelwatch.inventory.workloads;

import io.keelwatch.inventory.DriftKind;

/**
 * What the Running list narrows to; null fields do not narrow.
 *
 * @param state running (the default), stopped or all
 */
public record WorkloadFilter(String cluster, String environment, String namespace, String project, DriftKind drift,
        State state) {

    public enum State {
        RUNNING, STOPPED, ALL
    }

    public WorkloadFilter {
        cluster = blankToNull(cluster);
        environment = blankToNull(environment);
        namespace = blankToNull(namespace);
        project = blankToNull(project);
        state = state == null ? State.RUNNING : state;
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
