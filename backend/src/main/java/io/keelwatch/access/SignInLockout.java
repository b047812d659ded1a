package io.keelwatch.access;

import io.keelwatch.audit.AuditEntry;
import io.keelwatch.audit.AuditLog;
import java.util.Map;
import org.springframework.context.event.EventListener;
import org.springframework.security.authentication.event.AuthenticationFailureBadCredentialsEvent;
import org.springframework.stereotype.Component;

/**
 * Counts wrong passwords and locks an account after {@link AccessSettings#maxFailedSignIns()} of
 * them in a row, for {@link AccessSettings#lockout()}. A successful sign-in resets the count
 * ({@link SignInAuditor}). Attempts on a locked account are not counted, so the lock-out never
 * grows while someone keeps trying; the rate limit on {@code POST /login} slows them down.
 */
@Component
class SignInLockout {

    private final UserAccounts accounts;
    private final AccessSettings settings;
    private final AuditLog audit;

    SignInLockout(UserAccounts accounts, AccessSettings settings, AuditLog audit) {
        this.accounts = accounts;
        this.settings = settings;
        this.audit = audit;
    }

    @EventListener
    void onWrongPassword(AuthenticationFailureBadCredentialsEvent event) {
        String username = event.getAuthentication().getName();
        accounts.recordFailedSignIn(username, settings.maxFailedSignIns(), settings.lockout())
                .ifPresent(until -> audit.record(new AuditEntry(username, AuditEntry.ActorType.system, "account.locked",
                        "user", username, null, AuditEntry.Outcome.success,
                        Map.of("failedSignIns", settings.maxFailedSignIns(), "lockedUntil", until.toString()))));
    }
}
