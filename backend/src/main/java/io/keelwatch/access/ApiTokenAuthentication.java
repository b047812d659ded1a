package io.keelwatch.access;

import java.util.ArrayList;
import java.util.List;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/**
 * A request authenticated with an API token. Its name is the owner's username, so everything
 * that asks "who is this" gets the owner; {@link CurrentViewer} narrows the owner by
 * {@link #grant()}. Authorities: the owner's role and {@code SCOPE_<scope>} per scope.
 */
final class ApiTokenAuthentication extends AbstractAuthenticationToken {

    private final Viewer viewer;
    private final TokenGrant grant;

    /** {@code owner} as read with the token, in the request being authenticated: the viewer needs no second read. */
    ApiTokenAuthentication(Viewer owner, TokenGrant grant) {
        super(authorities(owner.role(), grant));
        this.viewer = owner.through(grant);
        this.grant = grant;
        setAuthenticated(true);
    }

    private static List<GrantedAuthority> authorities(Role role, TokenGrant grant) {
        List<GrantedAuthority> authorities = new ArrayList<>();
        authorities.add(new SimpleGrantedAuthority("ROLE_" + role.name()));
        grant.scopes().stream().sorted().forEach(scope -> authorities.add(new SimpleGrantedAuthority(scope.authority())));
        return authorities;
    }

    TokenGrant grant() {
        return grant;
    }

    /** The owner narrowed by the token. */
    Viewer viewer() {
        return viewer;
    }

    @Override
    public String getName() {
        return viewer.username();
    }

    @Override
    public Object getPrincipal() {
        return viewer.username();
    }

    /** The secret is never kept after the hash lookup. */
    @Override
    public Object getCredentials() {
        return null;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ApiTokenAuthentication that && super.equals(that) && grant.equals(that.grant);
    }

    @Override
    public int hashCode() {
        return 31 * super.hashCode() + grant.hashCode();
    }
}
