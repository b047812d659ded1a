package io.keelwatch.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Signing out of a Keycloak session continues to Keycloak after a form post; nowhere else may a form lead. */
class FormsPostOnlyToKeelwatchAndItsSignInProviderTest {

    @Test
    void withoutASignInProviderFormsStayOnKeelwatch() {
        assertThat(SecurityConfiguration.contentSecurityPolicy(settings(null)))
                .contains("form-action 'self';").contains("script-src 'self'").contains("frame-ancestors 'none'");
    }

    @Test
    void withKeycloakItsOriginIsAllowedAndNothingMore() {
        assertThat(SecurityConfiguration.contentSecurityPolicy(settings(" https://sso.example.com:8443/realms/keelwatch ")))
                .contains("form-action 'self' https://sso.example.com:8443;");
    }

    private static OidcSettings settings(String issuer) {
        return new OidcSettings(issuer, "keelwatch-web", "secret", "keelwatch-api", "roles", "groups", "/teams/", Map.of(),
                Duration.ofSeconds(60));
    }
}
