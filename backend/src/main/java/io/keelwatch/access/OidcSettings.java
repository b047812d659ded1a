package io.keelwatch.access;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Sign-in through an OpenID Connect provider (Keycloak). Off unless {@code issuerUri} is set; then
 * the browser login page offers "Sign in with Keycloak" (authorization-code flow) and the API
 * accepts the provider's access tokens ({@code Authorization: Bearer <jwt>}) beside API tokens.
 * Local password sign-in keeps working either way.
 *
 * @param issuerUri    the realm's issuer, e.g. {@code http://keycloak:8180/realms/keelwatch}; its
 *                     discovery document names the endpoints and signing keys. Tokens must carry
 *                     exactly this {@code iss}
 * @param clientId     the confidential client the browser login uses (required with {@code issuerUri})
 * @param clientSecret its secret; blank for a public client (PKCE)
 * @param audience     an API access token's {@code aud} must contain this
 * @param rolesClaim   claim listing the caller's roles (Keycloak realm roles via a mapper)
 * @param groupsClaim  claim listing the caller's groups as full paths ({@code /teams/payments})
 * @param groupPrefix  groups under this path are Keelwatch teams: {@code /teams/payments} is the team
 *                     with slug {@code payments}; other groups are ignored
 * @param roleMapping  provider role → Keelwatch role (role names compared ignoring case); replaces
 *                     the default, which maps ADMIN, SECURITY_LEAD, DEVELOPER and AUDITOR to themselves
 * @param clockSkew    leeway for the expiry and not-before checks of tokens
 */
@ConfigurationProperties("keelwatch.oidc")
public record OidcSettings(String issuerUri, String clientId, String clientSecret,
        @DefaultValue("keelwatch-api") String audience,
        @DefaultValue("roles") String rolesClaim,
        @DefaultValue("groups") String groupsClaim,
        @DefaultValue("/teams/") String groupPrefix,
        Map<String, Role> roleMapping,
        @DefaultValue("60s") Duration clockSkew) {

    /** The registration id of the provider: the path {@code /oauth2/authorization/keycloak} starts the browser login. */
    public static final String REGISTRATION_ID = "keycloak";

    public OidcSettings {
        Map<String, Role> mapping = new LinkedHashMap<>();
        if (roleMapping == null || roleMapping.isEmpty()) {
            for (Role role : Role.values()) {
                mapping.put(role.name().toLowerCase(Locale.ROOT), role);
            }
        } else {
            roleMapping.forEach((name, role) -> mapping.put(name.toLowerCase(Locale.ROOT), role));
        }
        roleMapping = Map.copyOf(mapping);
        if (enabled(issuerUri) && (clientId == null || clientId.isBlank())) {
            throw new IllegalStateException("keelwatch.oidc.issuer-uri (KEELWATCH_OIDC_ISSUER_URI) is set, so "
                    + "keelwatch.oidc.client-id (KEELWATCH_OIDC_CLIENT_ID) must name the client Keelwatch signs people in with.");
        }
    }

    /** Whether OIDC sign-in is configured at all. */
    public boolean enabled() {
        return enabled(issuerUri);
    }

    /** The issuer without surrounding blanks; tokens must carry it verbatim. */
    public String issuer() {
        return issuerUri.strip();
    }

    /** The Keelwatch role a provider role stands for, if any. */
    public Optional<Role> mappedRole(String providerRole) {
        return providerRole == null ? Optional.empty()
                : Optional.ofNullable(roleMapping.get(providerRole.toLowerCase(Locale.ROOT)));
    }

    private static boolean enabled(String issuerUri) {
        return issuerUri != null && !issuerUri.isBlank();
    }

    @Override
    public String toString() {
        return "OidcSettings[issuerUri=" + issuerUri + ", clientId=" + clientId + ", clientSecret="
                + (clientSecret == null || clientSecret.isBlank() ? "unset" : "******") + ", audience=" + audience
                + ", rolesClaim=" + rolesClaim + ", groupsClaim=" + groupsClaim + ", groupPrefix=" + groupPrefix
                + ", roleMapping=" + roleMapping + ", clockSkew=" + clockSkew + "]";
    }
}
