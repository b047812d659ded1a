package io.keelwatch.access;

import io.keelwatch.platform.KeelwatchException;
import io.keelwatch.platform.ProblemType;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Service;

/** Resolves the signed-in caller into a {@link Viewer}, with their team memberships as they are now. */
@Service
public class CurrentViewer {

    private final UserAccounts accounts;

    CurrentViewer(UserAccounts accounts) {
        this.accounts = accounts;
    }

    public Viewer get() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication == null || authentication instanceof AnonymousAuthenticationToken
                || !authentication.isAuthenticated()) {
            throw new KeelwatchException(ProblemType.UNAUTHENTICATED, "Sign in first.");
        }
        UserAccounts.Account account = accounts.findByUsername(authentication.getName())
                .filter(UserAccounts.Account::enabled)
                .orElseThrow(() -> new KeelwatchException(ProblemType.UNAUTHENTICATED, "Unknown or disabled account."));
        return new Viewer(account.id(), account.username(), account.role(), accounts.teamIdsOf(account.id()));
    }
}
