package io.keelwatch.signing.signatures;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.List;

/**
 * The signer flags on projects' posture, beside "unsigned where required" (the gate's): signers new to a project, newest
 * first, and trusted keys near their expiry, soonest first.
 */
public record SignerPosture(List<NewSigner> newSigners, List<KeyNearExpiry> keysNearExpiry) {

    /** Whether nothing is flagged. */
    @JsonIgnore
    public boolean isEmpty() {
        return newSigners.isEmpty() && keysNearExpiry.isEmpty();
    }

    /** Whether the key is flagged near its expiry (the signing page marks it in its list of keys). */
    public boolean nearExpiry(long keyId) {
        return keysNearExpiry.stream().anyMatch(k -> k.keyId() == keyId);
    }
}
