package io.keelwatch.access;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

/**
 * An API request authenticated with an identity provider's access token. Its name is the
 * Keelwatch username of the account the token's subject maps to, so {@link CurrentViewer}
 * resolves it like anyone else; a token carrying scopes (an integration's client-credentials
 * token) is narrowed by its {@link TokenGrant} exactly like an API token.
 */
final class JwtCallerAuthentication extends JwtAuthenticationToken {

    private final TokenGrant grant;

    JwtCallerAuthentication(Jwt jwt, String username, Role role, Optional<TokenGrant> grant) {
        super(jwt, authorities(role, grant), username);
        this.grant = grant.orElse(null);
    }

    private static List<GrantedAuthority> authorities(Role role, Optional<TokenGrant> grant) {
        List<GrantedAuthority> authorities = new ArrayList<>();
        authorities.add(new SimpleGrantedAuthority("ROLE_" + role.name()));
        grant.ifPresent(g -> g.scopes().stream().sorted()
                .forEach(scope -> authorities.add(new SimpleGrantedAuthority(scope.authority()))));
        return authorities;
    }

    Optional<TokenGrant> grant() {
        return Optional.ofNullable(grant);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof JwtCallerAuthentication that && super.equals(that) && grant().equals(that.grant());
    }

    @Override
    public int hashCode() {
        return 31 * super.hashCode() + grant().hashCode();
    }
}
