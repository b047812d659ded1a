package io.keelwatch.access;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.LockedException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;

/**
 * Password sign-in (form login and HTTP Basic) with lock-out: a locked account is refused with
 * {@link LockedException} whatever the password. The password is still checked first, so a locked
 * account answers as slowly as any other and its lock cannot be told apart by timing; what the
 * caller sees is the same generic refusal as for a wrong password, only the audit log says
 * {@code locked}. Counting failures is {@link SignInLockout}'s job.
 */
final class LockingAuthenticationProvider implements AuthenticationProvider {

    private final AuthenticationProvider passwords;
    private final UserAccounts accounts;

    LockingAuthenticationProvider(AuthenticationProvider passwords, UserAccounts accounts) {
        this.passwords = passwords;
        this.accounts = accounts;
    }

    @Override
    public Authentication authenticate(Authentication authentication) {
        boolean locked = accounts.locked(authentication.getName());
        Authentication result;
        try {
            result = passwords.authenticate(authentication);
        } catch (AuthenticationException e) {
            if (locked) {
                throw new LockedException("Account locked", e);
            }
            throw e;
        }
        if (locked) {
            throw new LockedException("Account locked");
        }
        return result;
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
    }
}
