package io.keelwatch.signing.signatures;

import java.time.OffsetDateTime;

/**
 * A key or keyless identity whose signature Keelwatch verified for a project it had never signed for, while other
 * signers had: a flag on the project's posture until {@code newUntil}.
 *
 * @param kind      {@code key} or {@code identity}
 * @param name      the key's name, or the identity as it signed ({@code subject (issuer)}, a certificate's subject)
 * @param signer    the key's fingerprint, or the identity as it signed
 * @param firstSeen when its first signature in the project was submitted
 * @param image     repository@digest of that signature's image
 * @param newUntil  when the flag ages out ({@code keelwatch.signing.new-signer-shown-for} after {@code firstSeen})
 */
public record NewSigner(String project, String kind, String name, String signer, OffsetDateTime firstSeen, long imageId, String image,
        OffsetDateTime newUntil) {
}
