package io.keelwatch.access;

import io.keelwatch.audit.AuditEntry;
import io.keelwatch.audit.AuditLog;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The {@code app_user} row of someone an identity provider vouches for, created on first sign-in
 * and brought up to date on every later one (role, name, e-mail, team memberships), keyed by
 * issuer + subject. Such accounts have no password. Team memberships follow the provider's
 * groups that name existing Keelwatch teams; other groups are ignored.
 *
 * <p>The username is the provider's ({@code preferred_username}, or a client's id). It never
 * takes over an existing account: if the name belongs to someone else (a local account, or an
 * identity of another issuer) the new account gets the name with a short suffix derived from the
 * identity, e.g. {@code lead-3f9a1c}.
 */
@Service
class ExternalAccounts {

    private final UserAccounts accounts;
    private final Teams teams;
    private final AuditLog audit;
    private final TransactionTemplate transaction;

    ExternalAccounts(UserAccounts accounts, Teams teams, AuditLog audit, TransactionTemplate transaction) {
        this.accounts = accounts;
        this.teams = teams;
        this.audit = audit;
        this.transaction = transaction;
    }

    /**
     * The identity's account, created or updated in one transaction; refused without a mapped
     * role or when disabled. A refusal is audited (outside the transaction it undoes).
     */
    UserAccounts.Account signIn(ExternalIdentity identity) {
        try {
            Role role = identity.role().orElseThrow(() -> new SignInRefusedException("no-role",
                    "Your " + provider(identity) + " account has no Keelwatch role. Ask an administrator to give you one of "
                            + "the roles ADMIN, SECURITY_LEAD, DEVELOPER or AUDITOR."));
            return transaction.execute(status -> provision(identity, role));
        } catch (SignInRefusedException refusal) {
            audit(identity, refusal);
            throw refusal;
        }
    }

    private UserAccounts.Account provision(ExternalIdentity identity, Role role) {
        UserAccounts.Account account = accounts.findByExternalId(identity.issuer(), identity.subject())
                .orElseGet(() -> create(identity, role));
        if (!account.enabled()) {
            throw new SignInRefusedException("disabled", "Your Keelwatch account is disabled.");
        }
        accounts.updateExternal(account.id(), identity.displayName(), identity.email(), role);
        Set<Long> teamIds = identity.teamSlugs().isEmpty() ? Set.of()
                : teams.findBySlugs(identity.teamSlugs()).stream().map(TeamSummary::id).collect(Collectors.toSet());
        if (!teamIds.equals(accounts.teamIdsOf(account.id()))) {
            accounts.replaceMemberships(account.id(), teamIds);
        }
        return new UserAccounts.Account(account.id(), account.username(), identity.displayName(), null, role, true);
    }

    private UserAccounts.Account create(ExternalIdentity identity, Role role) {
        for (String username : new String[] {identity.username(), identity.username() + "-" + suffix(identity)}) {
            accounts.insertExternal(identity.issuer(), identity.subject(), username, identity.displayName(), identity.email(), role);
            var created = accounts.findByExternalId(identity.issuer(), identity.subject());
            if (created.isPresent()) {
                return created.get();
            }
        }
        throw new SignInRefusedException("username-taken", "The username '" + identity.username() + "' is taken; ask an administrator.");
    }

    private void audit(ExternalIdentity identity, SignInRefusedException refusal) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("reason", refusal.reason());
        details.put("issuer", identity.issuer());
        details.put("subject", identity.subject());
        audit.recordRefusal(new AuditEntry(identity.username(), AuditEntry.ActorType.anonymous, "sign-in", "user", identity.username(),
                null, AuditEntry.Outcome.failure, details));
    }

    private static String provider(ExternalIdentity identity) {
        return identity.serviceAccount() ? "client" : "identity provider";
    }

    private static String suffix(ExternalIdentity identity) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest((identity.issuer() + "\n" + identity.subject()).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 3);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A sign-in the identity provider allowed but Keelwatch does not; the message is for the person. */
    static final class SignInRefusedException extends RuntimeException {

        private final String reason;

        SignInRefusedException(String reason, String message) {
            super(message);
            this.reason = reason;
        }

        String reason() {
            return reason;
        }
    }
}
