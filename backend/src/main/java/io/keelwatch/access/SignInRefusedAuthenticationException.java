package io.keelwatch.access;

import org.springframework.security.core.AuthenticationException;

/**
 * The identity provider vouched for the caller but Keelwatch refuses them (no mapped role, a
 * disabled account); already audited by {@link ExternalAccounts}. The message is for the caller.
 */
final class SignInRefusedAuthenticationException extends AuthenticationException {

    SignInRefusedAuthenticationException(String message) {
        super(message);
    }
}
