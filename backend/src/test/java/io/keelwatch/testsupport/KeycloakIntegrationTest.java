package io.keelwatch.testsupport;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.TestPropertySource;

/**
 * The application with OIDC sign-in against the test Keycloak ({@link KeycloakTestServer}, started
 * once per JVM before the context). Every class carrying it shares one context and database,
 * separate from the {@link KeelwatchIntegrationTest} one. Tokens must not be a second late:
 * the clock skew is zero, and tokens are checked against a {@link MovableClock} tests move past
 * their expiry.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(KeycloakTestServer.Required.class)
@KeelwatchIntegrationTest
@Import(MovableClock.Configuration.class)
@TestPropertySource(properties = {
        "keelwatch.oidc.issuer-uri=${" + KeycloakTestServer.URL_PROPERTY + "}/realms/" + KeycloakTestServer.REALM,
        "keelwatch.oidc.client-id=keelwatch-web",
        "keelwatch.oidc.client-secret=keelwatch-web-dev-secret",
        "keelwatch.oidc.clock-skew=0s"})
public @interface KeycloakIntegrationTest {
}
