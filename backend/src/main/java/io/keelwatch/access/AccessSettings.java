package io.keelwatch.access;

import java.util.Optional;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Access settings.
 *
 * @param bootstrapToken an API token ({@code kw_…}, at least 32 characters) registered at start-up
 *                       as an {@code admin}-scoped token of the system admin account, so automation
 *                       can configure a fresh install without a browser; unset for none
 */
@ConfigurationProperties("keelwatch.access")
public record AccessSettings(String bootstrapToken) {

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
        return "AccessSettings[bootstrapToken=" + (bootstrapToken == null || bootstrapToken.isBlank() ? "unset" : "******") + "]";
    }

    static final class InvalidBootstrapTokenException extends IllegalStateException {

        InvalidBootstrapTokenException() {
            super("KEELWATCH_BOOTSTRAP_TOKEN (keelwatch.access.bootstrap-token) is not a Keelwatch API token: it must "
                    + "start with '" + ApiTokenSecrets.PREFIX + "', be at least " + ApiTokenSecrets.MIN_LENGTH
                    + " characters long and have only letters and digits after the prefix.");
        }
    }
}
