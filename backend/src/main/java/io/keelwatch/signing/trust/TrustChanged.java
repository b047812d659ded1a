package io.keelwatch.signing.trust;

/**
 * Trust changed (a key or identity added, revoked or expired): the signatures it may change are verified
 * again, in the same transaction, by the listener in {@code signing.signatures}.
 *
 * @param keyId    the key whose signatures to verify again (revoked, expired), or null
 * @param teamId   for an added signer: the team whose images' unverified signatures may now verify (null: every team)
 */
public record TrustChanged(Long keyId, Long teamId) {
}
