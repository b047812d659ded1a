package io.keelwatch.access;

import java.time.Duration;
import java.util.Optional;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Access settings.
 *
 * @param bootstrapToken an API token ({@code kw_…}, at least 32 characters) registered at start-up
 *                       as an {@code admin}-scoped token of the system admin account, so automation
 *                       can configure a fresh install without a browser; unset for none
 * @param maxFailedSignIns consecutive wrong passwords after which a local account is locked
 * @param lockout          how long such an account stays locked; a correct password does not open it early
 * @param signInAttemptsPerMinute   password sign-ins ({@code POST /login}) one client address may try per minute
 * @param tokenRequestsPerMinute    calls of {@code /api/v1/tokens} one client address may make per minute
 * @param failedBasicAttemptsPerMinute wrong HTTP Basic credentials one client address may send per minute; once
 *                                  used up, every Basic request from it is answered 429 (right password or not)
 *                                  until the allowance refills. Successful Basic calls use none of it
 * @param rateLimitedAddresses      how many client addresses the limiter remembers; the least recently seen
 *                                  are forgotten beyond that, so its memory stays bounded (also how many recently
 *                                  presented API tokens are kept)
 * @param tokenCache                how long a presented API token is taken as read (0: read at every request). A
 *                                  change to the token or its owner applies at once on the replica that made it,
 *                                  within this time on the others
 */
@ConfigurationProperties("keelwatch.access")
public record AccessSettings(String bootstrapToken,
        @DefaultValue("5") int maxFailedSignIns,
        @DefaultValue("15m") Duration lockout,
        @DefaultValue("10") int signInAttemptsPerMinute,
        @DefaultValue("30") int tokenRequestsPerMinute,
        @DefaultValue("10") int failedBasicAttemptsPerMinute,
        @DefaultValue("10000") int rateLimitedAddresses,
        @DefaultValue("5s") Duration tokenCache) {

    @ConstructorBinding
    public AccessSettings {
        if (maxFailedSignIns < 1 || signInAttemptsPerMinute < 1 || tokenRequestsPerMinute < 1 || failedBasicAttemptsPerMinute < 1
                || rateLimitedAddresses < 1) {
            throw new IllegalArgumentException("keelwatch.access limits must be at least 1");
        }
        if (lockout == null || lockout.isNegative()) {
            throw new IllegalArgumentException("keelwatch.access.lockout must be a positive duration");
        }
        if (tokenCache == null || tokenCache.isNegative() || tokenCache.compareTo(Duration.ofMinutes(1)) > 0) {
            throw new IllegalArgumentException("keelwatch.access.token-cache must be between 0 and 1m");
        }
    }

    /** The defaults, with this bootstrap token. */
    public AccessSettings(String bootstrapToken) {
        this(bootstrapToken, 5, Duration.ofMinutes(15), 10, 30, 10, 10_000, Duration.ofSeconds(5));
    }

    /**
     * The bootstrap token, if one is configured; refuses a malformed one. The message never
     * repeats the value: it is a secret even when it is a wrong one.
     */
    public Optional<String> checkedBootstrapToken() {
        if (bootstrapToken == null || bootstrapToken.isBlank()) {
            return Optional.empty();
        }
        String token = bootstrapToken.strip();
        if (!ApiTokenSecrets.wellFormed(token)) {
            throw new InvalidBootstrapTokenException();
        }
        return Optional.of(token);
    }

    @Override
    public String toString() {
        return "AccessSettings[bootstrapToken=" + (bootstrapToken == null || bootstrapToken.isBlank() ? "unset" : "******")
                + ", maxFailedSignIns=" + maxFailedSignIns + ", lockout=" + lockout
                + ", signInAttemptsPerMinute=" + signInAttemptsPerMinute + ", tokenRequestsPerMinute=" + tokenRequestsPerMinute
                + ", failedBasicAttemptsPerMinute=" + failedBasicAttemptsPerMinute
                + ", rateLimitedAddresses=" + rateLimitedAddresses + ", tokenCache=" + tokenCache + "]";
    }

    static final class InvalidBootstrapTokenException extends IllegalStateException {

        InvalidBootstrapTokenException() {
            super("KEELWATCH_BOOTSTRAP_TOKEN (keelwatch.access.bootstrap-token) is not a Keelwatch API token: it must "
                    + "start with '" + ApiTokenSecrets.PREFIX + "', be at least " + ApiTokenSecrets.MIN_LENGTH
                    + " characters long and have only letters and digits after the prefix.");
        }
    }
}
