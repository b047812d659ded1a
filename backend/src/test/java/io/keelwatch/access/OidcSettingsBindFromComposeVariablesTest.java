package io.keelwatch.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/** The environment variables docker-compose.yml sets reach {@link OidcSettings}; without them the defaults hold. */
class OidcSettingsBindFromComposeVariablesTest {

    @Test
    void composeVariablesBindAndSwitchOidcOn() {
        StandardEnvironment environment = environment(Map.of(
                "KEELWATCH_OIDC_ISSUER_URI", "http://keycloak:8180/realms/keelwatch",
                "KEELWATCH_OIDC_CLIENT_ID", "keelwatch-web",
                "KEELWATCH_OIDC_CLIENT_SECRET", "keelwatch-web-dev-secret"));

        OidcSettings settings = Binder.get(environment).bind("keelwatch.oidc", OidcSettings.class).get();

        assertThat(settings.issuer()).isEqualTo("http://keycloak:8180/realms/keelwatch");
        assertThat(settings.clientId()).isEqualTo("keelwatch-web");
        assertThat(settings.clientSecret()).isEqualTo("keelwatch-web-dev-secret");
        assertThat(settings.audience()).isEqualTo("keelwatch-api");
        assertThat(settings.rolesClaim()).isEqualTo("roles");
        assertThat(settings.groupsClaim()).isEqualTo("groups");
        assertThat(settings.groupPrefix()).isEqualTo("/teams/");
        assertThat(settings.clockSkew()).isEqualTo(Duration.ofSeconds(60));
        assertThat(settings.mappedRole("SECURITY_LEAD")).contains(Role.SECURITY_LEAD);
        assertThat(environment.getProperty("keelwatch.oidc.issuer-uri")).as("what OidcConfiguration's condition reads")
                .isEqualTo("http://keycloak:8180/realms/keelwatch");
    }

    /** Environment variables lower-case a map key and turn its underscores into dots (documented in the README). */
    @Test
    void roleMappingFromTheEnvironmentReplacesTheDefault() {
        OidcSettings settings = Binder.get(environment(Map.of("KEELWATCH_OIDC_ROLEMAPPING_KEELWATCHADMINS", "ADMIN",
                        "KEELWATCH_OIDC_ROLEMAPPING_SEC_TEAM", "SECURITY_LEAD")))
                .bind("keelwatch.oidc", OidcSettings.class).get();
        assertThat(settings.mappedRole("KeelwatchAdmins")).contains(Role.ADMIN);
        assertThat(settings.mappedRole("sec.team")).contains(Role.SECURITY_LEAD);
        assertThat(settings.mappedRole("ADMIN")).isEmpty();
    }

    private static StandardEnvironment environment(Map<String, Object> variables) {
        StandardEnvironment environment = new StandardEnvironment();
        MutablePropertySources sources = environment.getPropertySources();
        sources.remove(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME);
        sources.remove(StandardEnvironment.SYSTEM_PROPERTIES_PROPERTY_SOURCE_NAME);
        sources.addFirst(new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, variables));
        ConfigurationPropertySources.attach(environment);
        return environment;
    }
}
