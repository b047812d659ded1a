package io.keelwatch.access;

import java.util.Optional;
import org.springframework.core.convert.converter.Converter;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;

/**
 * Turns a verified access token into the caller: the account its subject maps to (created or
 * updated, see {@link ExternalAccounts}), narrowed by the token's scopes when it has any
 * ({@link TokenGrant}). A token whose roles map to no Keelwatch role does not authenticate.
 */
final class OidcJwtAuthenticationConverter implements Converter<Jwt, AbstractAuthenticationToken> {

    private final OidcClaimMapper mapper;
    private final ExternalAccounts accounts;

    OidcJwtAuthenticationConverter(OidcClaimMapper mapper, ExternalAccounts accounts) {
        this.mapper = mapper;
        this.accounts = accounts;
    }

    @Override
    public AbstractAuthenticationToken convert(Jwt jwt) {
        ExternalIdentity identity;
        try {
            identity = mapper.map(jwt.getClaims());
        } catch (IllegalArgumentException e) {
            throw new InvalidBearerTokenException(e.getMessage());
        }
        UserAccounts.Account account;
        try {
            account = accounts.signIn(identity);
        } catch (ExternalAccounts.SignInRefusedException refusal) {
            throw new SignInRefusedAuthenticationException(refusal.getMessage());
        }
        String client = Optional.ofNullable(jwt.getClaimAsString("azp")).orElse(identity.username());
        return new JwtCallerAuthentication(jwt, account.username(), account.role(),
                identity.scopes().map(scopes -> TokenGrant.ofJwt(client, scopes)));
    }
}
