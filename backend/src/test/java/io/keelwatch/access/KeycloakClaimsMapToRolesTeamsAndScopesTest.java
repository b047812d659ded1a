package io.keelwatch.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** How Keycloak's claims (as its tokens carry them for the compose realm) become roles, teams and scopes. */
class KeycloakClaimsMapToRolesTeamsAndScopesTest {

    private static final String ISSUER = "http://keycloak:8180/realms/keelwatch";
    private final OidcClaimMapper defaults = new OidcClaimMapper(settings(null));

    @Test
    void personGetsTheHighestMappedRoleAndTheTeamsOfTheirTeamGroups() {
        ExternalIdentity person = defaults.map(Map.of("iss", ISSUER, "sub", "3152c72a", "azp", "keelwatch-web",
                "preferred_username", "dev", "name", "Dana Developer", "email", "dev@keelwatch.example",
                "roles", List.of("DEVELOPER", "AUDITOR", "offline_access", "default-roles-keelwatch"),
                "groups", List.of("/teams/payments", "/teams/platform", "/other/ops", "/teams/"),
                "scope", "openid email profile"));

        assertThat(person.role()).contains(Role.AUDITOR);
        assertThat(person.teamSlugs()).containsExactlyInAnyOrder("payments", "platform");
        assertThat(person.serviceAccount()).isFalse();
        assertThat(person.scopes()).as("people are not limited by scopes").isEmpty();
        assertThat(person.username()).isEqualTo("dev");
        assertThat(person.displayName()).isEqualTo("Dana Developer");
        assertThat(person.email()).isEqualTo("dev@keelwatch.example");
    }

    @Test
    void rolesRankAdminThenLeadThenAuditorThenDeveloper() {
        assertThat(roleOf(List.of("DEVELOPER", "SECURITY_LEAD"))).contains(Role.SECURITY_LEAD);
        assertThat(roleOf(List.of("AUDITOR", "ADMIN", "SECURITY_LEAD"))).contains(Role.ADMIN);
        assertThat(roleOf(List.of("developer"))).as("role names ignore case").contains(Role.DEVELOPER);
        assertThat(roleOf(List.of("offline_access", "uma_authorization"))).isEmpty();
        assertThat(roleOf(null)).isEmpty();
    }

    @Test
    void keycloakServiceAccountIsADeveloperLimitedToItsScopes() {
        ExternalIdentity ci = defaults.map(Map.of("iss", ISSUER, "sub", "8f94712d", "azp", "keelwatch-ci",
                "preferred_username", "service-account-keelwatch-ci", "groups", List.of("/teams/payments"),
                "scopes", "scans:write unknown:scope", "scope", "email profile"));

        assertThat(ci.serviceAccount()).isTrue();
        assertThat(ci.role()).contains(Role.DEVELOPER);
        assertThat(ci.username()).isEqualTo("keelwatch-ci");
        assertThat(ci.teamSlugs()).containsExactly("payments");
        assertThat(ci.scopes()).contains(Set.of(Scope.SCANS_WRITE));
    }

    @Test
    void serviceAccountScopesNeverExceedItsRole() {
        ExternalIdentity auditorClient = defaults.map(Map.of("iss", ISSUER, "sub", "reporting", "azp", "reporting",
                "roles", List.of("AUDITOR"), "scope", "read scans:write admin"));

        assertThat(auditorClient.serviceAccount()).as("RFC 9068: the subject is the client").isTrue();
        assertThat(auditorClient.role()).contains(Role.AUDITOR);
        assertThat(auditorClient.scopes()).contains(EnumSet.of(Scope.READ));
    }

    @Test
    void personTokenWithAScopesClaimIsNarrowedToIt() {
        ExternalIdentity narrowed = defaults.map(Map.of("iss", ISSUER, "sub", "1", "azp", "keelwatch-web",
                "preferred_username", "lead", "roles", List.of("SECURITY_LEAD"), "scopes", List.of("read")));
        assertThat(narrowed.scopes()).contains(Set.of(Scope.READ));
    }

    @Test
    void configuredClaimsPrefixAndRoleMappingApply() {
        OidcClaimMapper custom = new OidcClaimMapper(new OidcSettings(ISSUER, "keelwatch-web", "secret", "keelwatch-api",
                "realm_access.roles", "memberOf", "/org/eng/", Map.of("kw-admins", Role.ADMIN, "kw-devs", Role.DEVELOPER),
                Duration.ofSeconds(60)));
        ExternalIdentity admin = custom.map(Map.of("iss", ISSUER, "sub", "2", "preferred_username", "ada",
                "realm_access", Map.of("roles", List.of("KW-ADMINS", "ADMIN")), "memberOf", List.of("/org/eng/payments", "/teams/platform")));

        assertThat(admin.role()).as("only the configured mapping counts").contains(Role.ADMIN);
        assertThat(admin.teamSlugs()).containsExactly("payments");
        assertThat(custom.map(Map.of("iss", ISSUER, "sub", "3", "realm_access", Map.of("roles", List.of("ADMIN")))).role())
                .isEmpty();
    }

    @Test
    void issuerBlankIsOffAndAnIssuerWithoutAClientIsRefused() {
        assertThat(settings(" ").enabled()).isFalse();
        assertThat(settings(ISSUER).enabled()).isTrue();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new OidcSettings(ISSUER, " ", null, "keelwatch-api", "roles",
                        "groups", "/teams/", Map.of(), Duration.ZERO))
                .hasMessageContaining("KEELWATCH_OIDC_CLIENT_ID");
        assertThat(new OidcSettings(ISSUER, "keelwatch-web", "s3cret", "a", "r", "g", "/", null, Duration.ZERO).toString())
                .doesNotContain("s3cret");
    }

    private Optional<Role> roleOf(List<String> roles) {
        Map<String, Object> claims = new java.util.HashMap<>(Map.of("iss", ISSUER, "sub", "x", "preferred_username", "x"));
        if (roles != null) {
            claims.put("roles", roles);
        }
        return defaults.map(claims).role();
    }

    private static OidcSettings settings(String issuer) {
        return new OidcSettings(issuer, "keelwatch-web", "keelwatch-web-dev-secret", "keelwatch-api", "roles", "groups",
                "/teams/", null, Duration.ofSeconds(60));
    }
}
