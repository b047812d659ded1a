package io.keelwatch.access;

import io.keelwatch.platform.CommonProblem;
import io.keelwatch.platform.KeelwatchException;
import java.util.Optional;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Service;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;

/**
 * Resolves the signed-in caller into a {@link Viewer}, with their role and team memberships as
 * they are now. A caller using an API token gets its owner's viewer narrowed by the token (see
 * {@link Viewer}), so every query and write check respects the token without knowing about it;
 * an identity provider's token with scopes (an integration's) is narrowed the same way.
 *
 * <p>The rules of {@link AccessRules}, the controller and the layout's parts all ask within
 * one request; the account is read once per request and kept as a request attribute, next to the
 * authentication it was read for, so a sign-in during the request (a new authentication) is read
 * anew. Outside a request (scheduled jobs, other threads) every call reads the account.
 */
@Service
public class CurrentViewer {

    private static final String RESOLVED = CurrentViewer.class.getName() + ".resolved";

    /** The caller the request's authentication was resolved into (empty: unknown or disabled). */
    private record Resolved(Authentication authentication, Optional<Viewer> viewer) {
    }

    private final UserAccounts accounts;

    CurrentViewer(UserAccounts accounts) {
        this.accounts = accounts;
    }

    public Viewer get() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (!signedIn(authentication)) {
            throw new KeelwatchException(CommonProblem.UNAUTHENTICATED, "Sign in first.");
        }
        return resolve(authentication)
                .orElseThrow(() -> new KeelwatchException(CommonProblem.UNAUTHENTICATED, "Unknown or disabled account."));
    }

    /** The caller, or empty when nobody (or a disabled account) is signed in. */
    public Optional<Viewer> find() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        return signedIn(authentication) ? resolve(authentication) : Optional.empty();
    }

    private Optional<Viewer> resolve(Authentication authentication) {
        RequestAttributes request = RequestContextHolder.getRequestAttributes();
        if (request == null) {
            return lookUp(authentication);
        }
        if (authentication instanceof ApiTokenAuthentication apiToken) {
            // its owner was read with the token, in this request
            return Optional.of(apiToken.viewer());
        }
        if (request.getAttribute(RESOLVED, RequestAttributes.SCOPE_REQUEST) instanceof Resolved resolved
                && resolved.authentication() == authentication) {
            return resolved.viewer();
        }
        Optional<Viewer> viewer = lookUp(authentication);
        request.setAttribute(RESOLVED, new Resolved(authentication, viewer), RequestAttributes.SCOPE_REQUEST);
        return viewer;
    }

    private Optional<Viewer> lookUp(Authentication authentication) {
        Optional<TokenGrant> token = grantOf(authentication);
        return accounts.findByUsername(authentication.getName())
                .filter(UserAccounts.Account::enabled)
                .map(account -> new Viewer(account.id(), account.username(), account.role(),
                        accounts.teamIdsOf(account.id()), token));
    }

    private static Optional<TokenGrant> grantOf(Authentication authentication) {
        if (authentication instanceof ApiTokenAuthentication apiToken) {
            return Optional.of(apiToken.grant());
        }
        if (authentication instanceof JwtCallerAuthentication jwt) {
            return jwt.grant();
        }
        return Optional.empty();
    }

    private static boolean signedIn(Authentication authentication) {
        return authentication != null && !(authentication instanceof AnonymousAuthenticationToken)
                && authentication.isAuthenticated();
    }
}
