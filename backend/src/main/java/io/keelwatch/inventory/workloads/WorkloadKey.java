package io.keelwatch.inventory.workloads;

/** A workload within one cluster: namespace, top controller's kind ({@code Deployment}, or {@code Pod} for a bare Pod) and name. */
record WorkloadKey(String namespace, String kind, String name) {

    @Override
    public String toString() {
        return kind + " " + namespace + "/" + name;
    }
}
