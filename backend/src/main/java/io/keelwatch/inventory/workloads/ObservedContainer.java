package io.keelwatch.inventory.workloads;

/**
 * One container a snapshot shows running, folded into its workload (the top controller).
 *
 * @param repository the familiar repository ({@link ImageReference#familiar})
 * @param tag        the tag the spec names, or null
 * @param digest     the digest it runs (the runtime's imageID, else the spec's pin), or null: known by tag only
 * @param bareDigest the runtime named the digest without a repository: the repository is the spec's, and the
 *                   image is looked up among the known images with that digest
 */
record ObservedContainer(WorkloadKey workload, String container, ContainerType type, String repository, String tag,
        String digest, boolean bareDigest) {

    /** What tells two images of one container apart: the digest, else the tag ({@code latest} when none is named). */
    String reference() {
        return digest != null ? digest : tag != null ? tag : "latest";
    }
}
