package io.keelwatch.signing;

import java.time.OffsetDateTime;
import java.util.List;

/**
 * What became of a submitted signature.
 *
 * @param status  {@code verified}, {@code invalid}, {@code untrusted_signer} or {@code reported}
 * @param signer  the key's fingerprint, or the identity a report names; null when unknown
 * @param keyId   the trusted key that verified it, or the known key that made it
 * @param reasons why it is not verified (empty when verified)
 */
public record SignatureReceipt(long id, long imageId, String repository, String digest, String project, String format,
        String status, String signer, Long keyId, List<String> reasons, OffsetDateTime verifiedAt) {
}
