package io.keelwatch.access;

import io.keelwatch.audit.AuditEntry;
import io.keelwatch.audit.AuditLog;
import java.util.Map;
import org.springframework.context.event.EventListener;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.DisabledException;
import org.springframework.security.authentication.LockedException;
import org.springframework.security.authentication.event.AbstractAuthenticationFailureEvent;
import org.springframework.security.authentication.event.AuthenticationSuccessEvent;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;
import org.springframework.stereotype.Component;

/**
 * Every sign-in, successful or not, lands in the audit log — password and HTTP Basic sign-ins,
 * browser sign-ins through the identity provider, callers with its access tokens — with why it
 * failed ({@code locked}, {@code bad_credentials}, …): the caller is only ever told "wrong
 * username or password".
 */
@Component
class SignInAuditor {

    private final AuditLog audit;
    private final UserAccounts accounts;

    SignInAuditor(AuditLog audit, UserAccounts accounts) {
        this.audit = audit;
        this.accounts = accounts;
    }

    @EventListener
    void onSuccess(AuthenticationSuccessEvent event) {
        String name = event.getAuthentication().getName();
        accounts.recordLogin(name);
        audit.record(new AuditEntry(name, AuditEntry.ActorType.user, "sign-in", "user", name, null,
                AuditEntry.Outcome.success, Map.of("method", event.getAuthentication().getClass().getSimpleName())));
    }

    @EventListener
    void onFailure(AbstractAuthenticationFailureEvent event) {
        // A refused bearer token's "name" is the token itself: never write it down.
        String name = event.getAuthentication() instanceof BearerTokenAuthenticationToken ? "bearer token"
                : event.getAuthentication().getName();
        audit.recordRefusal(new AuditEntry(name, AuditEntry.ActorType.anonymous, "sign-in", "user", name, null,
                AuditEntry.Outcome.failure, Map.of("reason", reason(event.getException()))));
    }

    static String reason(AuthenticationException e) {
        if (e instanceof LockedException) {
            return "locked";
        }
        if (e instanceof BadCredentialsException) {
            return "bad_credentials";
        }
        if (e instanceof DisabledException) {
            return "disabled";
        }
        return e.getClass().getSimpleName();
    }
}
