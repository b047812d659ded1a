package io.keelwatch.signing;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param newSignerShownFor how long a signer new to a project stays flagged on the project's posture after its first
 *                          signature there: long enough for someone to look, short enough that the flag keeps meaning
 *                          "changed lately" (no acknowledgement to keep track of)
 * @param keyExpiryWarning  how far ahead of its expiry a trusted key is flagged on the posture of the projects it
 *                          signs for: time to rotate it before its signatures turn untrusted
 */
@ConfigurationProperties("keelwatch.signing")
public record SigningSettings(@DefaultValue("14d") Duration newSignerShownFor, @DefaultValue("30d") Duration keyExpiryWarning) {

    public SigningSettings {
        if (newSignerShownFor.isNegative() || newSignerShownFor.isZero() || keyExpiryWarning.isNegative() || keyExpiryWarning.isZero()) {
            throw new IllegalStateException("keelwatch.signing.new-signer-shown-for and key-expiry-warning must be positive durations.");
        }
    }
}
