package io.keelwatch.access;

import java.util.Optional;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The first administrator of a new installation ({@code KEELWATCH_INITIAL_ADMIN_USERNAME} and
 * {@code _PASSWORD}), created as a local ADMIN when nobody can sign in yet, as Keycloak's bootstrap
 * admin is; unset for none.
 */
@ConfigurationProperties("keelwatch.access.initial-admin")
public record InitialAdministratorSettings(String username, String password) {

    static final int MIN_PASSWORD_LENGTH = 12;
    static final int MAX_PASSWORD_LENGTH = 200;
    private static final String USERNAME = "[A-Za-z0-9][A-Za-z0-9._@-]{0,99}";

    /** The account to create, if one is configured; refuses settings that could only make a weak or broken account. */
    public Optional<InitialAdministratorSettings> checked() {
        boolean named = username != null && !username.isBlank();
        boolean secret = password != null && !password.isEmpty();
        if (!named && !secret) {
            return Optional.empty();
        }
        if (!named || !secret) {
            throw new InvalidInitialAdministratorException("KEELWATCH_INITIAL_ADMIN_USERNAME and KEELWATCH_INITIAL_ADMIN_PASSWORD "
                    + "go together: set both (or neither).");
        }
        if (!username.strip().matches(USERNAME)) {
            throw new InvalidInitialAdministratorException("KEELWATCH_INITIAL_ADMIN_USERNAME must be letters, digits and . _ @ -, "
                    + "starting with a letter or digit, up to 100 characters.");
        }
        if (password.length() < MIN_PASSWORD_LENGTH || password.length() > MAX_PASSWORD_LENGTH) {
            throw new InvalidInitialAdministratorException("KEELWATCH_INITIAL_ADMIN_PASSWORD must be " + MIN_PASSWORD_LENGTH
                    + " to " + MAX_PASSWORD_LENGTH + " characters long; it has " + password.length() + ".");
        }
        return Optional.of(new InitialAdministratorSettings(username.strip(), password));
    }

    @Override
    public String toString() {
        return "InitialAdministratorSettings[username=" + username + ", password=" + (password == null || password.isEmpty() ? "unset" : "******")
                + "]";
    }

    static final class InvalidInitialAdministratorException extends IllegalStateException {

        InvalidInitialAdministratorException(String message) {
            super(message);
        }
    }
}
