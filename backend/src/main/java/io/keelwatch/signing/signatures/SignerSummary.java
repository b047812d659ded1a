package io.keelwatch.signing.signatures;

import java.time.OffsetDateTime;

/**
 * A signer and what it signed, in the projects the caller sees.
 *
 * @param kind       {@code key} (a trusted key, its state), or {@code reported} (a signer a cosign verify output names)
 * @param keyId      the key's id, for a key
 * @param name       the key's name, or the reported signer
 * @param signer     the key's fingerprint, or the reported signer
 * @param state      a key's {@code trusted}, {@code expired} or {@code revoked}; {@code reported} otherwise
 * @param signatures how many signatures it made (for a key: that verify with it, or that it made untrusted)
 * @param images     how many images they are for
 * @param lastSeen   when the newest of them was decided, or null
 */
public record SignerSummary(String kind, Long keyId, String name, String signer, String state, long signatures, long images,
        OffsetDateTime lastSeen) {
}
