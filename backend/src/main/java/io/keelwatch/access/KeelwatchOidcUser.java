package io.keelwatch.access;

import java.util.Collection;
import java.util.Objects;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.core.oidc.OidcIdToken;
import org.springframework.security.oauth2.core.oidc.OidcUserInfo;
import org.springframework.security.oauth2.core.oidc.user.DefaultOidcUser;

/**
 * A person signed in through the identity provider's browser login. Its name is their Keelwatch
 * username (which can differ from {@code preferred_username}, see {@link ExternalAccounts}), so
 * the session resolves to their account like a password sign-in does. Serializable: it lives in
 * the database-backed session.
 */
final class KeelwatchOidcUser extends DefaultOidcUser {

    private static final long serialVersionUID = 1L;

    private final String username;

    KeelwatchOidcUser(Collection<? extends GrantedAuthority> authorities, OidcIdToken idToken, OidcUserInfo userInfo,
            String username) {
        super(authorities, idToken, userInfo);
        this.username = username;
    }

    @Override
    public String getName() {
        return username;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof KeelwatchOidcUser that && super.equals(that) && username.equals(that.username);
    }

    @Override
    public int hashCode() {
        return Objects.hash(super.hashCode(), username);
    }
}
