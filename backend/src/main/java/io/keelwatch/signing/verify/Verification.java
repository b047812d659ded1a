package io.keelwatch.signing.verify;

import java.time.Instant;
import java.util.List;

/**
 * What verifying one signature found.
 *
 * @param digest   the image (or artifact) digest the signature is about, as the signed payload states it
 *                 ({@code sha256:…}), or null when it could not be read
 * @param signer   who signed, as people name it: a key's fingerprint ({@code SHA256:…} of its DER
 *                 public key), or a keyless identity {@code issuer + subject}, or a certificate's subject
 * @param signedAt when it was signed, as far as trusted evidence says (a transparency log's integrated
 *                 time, a timestamp authority, Notation's signing time), or null
 * @param reasons  why it is not verified (empty when verified), each one sentence a person can act on
 */
public record Verification(Status status, String digest, String signer, Instant signedAt, List<String> reasons) {

    public enum Status {
        /** The signature is over the digest and its signer is trusted. */
        VERIFIED,
        /** The signature does not hold: tampered payload or signature, wrong digest, broken proof, expired certificate… */
        INVALID,
        /** The signature holds, but no trusted key, identity or root vouches for its signer. */
        UNTRUSTED_SIGNER
    }

    public Verification {
        reasons = reasons == null ? List.of() : List.copyOf(reasons);
    }
}
