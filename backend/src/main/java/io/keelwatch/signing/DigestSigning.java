package io.keelwatch.signing;

/**
 * The best signing status of an image digest among the projects the caller sees, and the image (of the lowest id, when
 * several repositories hold the digest) whose page shows it.
 *
 * @param status {@code verified}, {@code reported}, {@code untrusted_signer}, {@code invalid} or {@code missing}
 */
public record DigestSigning(String digest, long imageId, String status) {

    /** As the pages label it. */
    public String label() {
        return ImageSigningStatus.label(status);
    }
}
