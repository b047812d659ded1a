package io.keelwatch.signing.verify;

/**
 * A key a signature may have been made with.
 *
 * @param id                which stored key it is (null: the key the submitter sent, registered nowhere)
 * @param key               the key
 * @param notTrustedBecause null when the key is trusted for the image; else why not, one sentence
 *                          ("revoked on 2025-03-01", "trusted for team beta only")
 */
public record SigningKeyCandidate(Long id, PublicKeyPem key, String notTrustedBecause) {

    public boolean trusted() {
        return notTrustedBecause == null;
    }
}
