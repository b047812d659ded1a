package io.keelwatch.access;

import java.util.List;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.client.oidc.userinfo.OidcUserRequest;
import org.springframework.security.oauth2.client.oidc.userinfo.OidcUserService;
import org.springframework.security.oauth2.client.userinfo.OAuth2UserService;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;

/**
 * Browser sign-in through the identity provider: after Spring Security has checked the ID token
 * (and read the user-info endpoint), the person's claims create or update their account
 * ({@link ExternalAccounts}) and the session carries their Keelwatch username and role. A refusal
 * becomes an authentication error whose description the login page shows.
 */
final class OidcSignInUserService implements OAuth2UserService<OidcUserRequest, OidcUser> {

    /** The error code of a sign-in Keelwatch refused; its description is meant for the person. */
    static final String REFUSED = "keelwatch_sign_in_refused";

    private final OidcUserService delegate = new OidcUserService();
    private final OidcClaimMapper mapper;
    private final ExternalAccounts accounts;

    OidcSignInUserService(OidcClaimMapper mapper, ExternalAccounts accounts) {
        this.mapper = mapper;
        this.accounts = accounts;
    }

    @Override
    public OidcUser loadUser(OidcUserRequest request) {
        OidcUser user = delegate.loadUser(request);
        UserAccounts.Account account;
        try {
            account = accounts.signIn(mapper.map(user.getClaims()));
        } catch (ExternalAccounts.SignInRefusedException | IllegalArgumentException refusal) {
            throw new OAuth2AuthenticationException(new OAuth2Error(REFUSED, refusal.getMessage(), null), refusal.getMessage());
        }
        return new KeelwatchOidcUser(List.of(new SimpleGrantedAuthority("ROLE_" + account.role().name())),
                user.getIdToken(), user.getUserInfo(), account.username());
    }
}
