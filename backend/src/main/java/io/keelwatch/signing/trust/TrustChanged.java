package io.keelwatch.signing.trust;

/**
 * Trust changed (a key or identity added, revoked or expired, a trust root stored): the signatures it may
 * change are verified again, in the same transaction, by the listener in {@code signing.signatures}.
 *
 * @param keyId      the key whose signatures to verify again (revoked, expired), or null
 * @param teamId     for an added signer: the team whose images' unverified signatures may now verify (null: every team)
 * @param identityId the keyless identity whose signatures to verify again (revoked), or null
 * @param rootKind   the kind of trust root stored ({@code sigstore}, {@code notation}), whose signatures are all
 *                   verified again, or null
 */
public record TrustChanged(Long keyId, Long teamId, Long identityId, String rootKind) {

    static TrustChanged key(long keyId) {
        return new TrustChanged(keyId, null, null, null);
    }

    static TrustChanged signerAdded(Long teamId) {
        return new TrustChanged(null, teamId, null, null);
    }

    static TrustChanged identityRevoked(long identityId) {
        return new TrustChanged(null, null, identityId, null);
    }

    static TrustChanged rootStored(String kind) {
        return new TrustChanged(null, null, null, kind);
    }
}
