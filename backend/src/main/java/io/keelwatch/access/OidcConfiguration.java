package io.keelwatch.access;

import java.time.Clock;
import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.type.AnnotatedTypeMetadata;
import io.keelwatch.platform.PublicUrlSettings;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.client.registration.ClientRegistrations;
import org.springframework.security.oauth2.client.registration.InMemoryClientRegistrationRepository;
import org.springframework.security.oauth2.client.registration.SupplierClientRegistrationRepository;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.jwt.JwtAudienceValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.jwt.SupplierJwtDecoder;
import org.springframework.util.StringUtils;

/**
 * Sign-in through the identity provider named by {@code keelwatch.oidc.issuer-uri}, built from
 * {@link OidcSettings} (nobody writes {@code spring.security.oauth2.*} properties). Both the
 * browser client registration and the API's token decoder read the provider's discovery document
 * on first use, not at start-up, so Keelwatch starts even while the provider is still starting.
 * {@link SecurityConfiguration} wires them into its chains when they exist.
 */
@Configuration(proxyBeanMethods = false)
@Conditional(OidcConfiguration.IssuerConfigured.class)
class OidcConfiguration {

    @Bean
    ClientRegistrationRepository oidcClientRegistrations(OidcSettings settings, PublicUrlSettings publicUrl) {
        return new SupplierClientRegistrationRepository(() -> {
            boolean publicClient = !StringUtils.hasText(settings.clientSecret());
            return new InMemoryClientRegistrationRepository(ClientRegistrations.fromIssuerLocation(settings.issuer())
                    .registrationId(OidcSettings.REGISTRATION_ID)
                    .clientName("Keycloak")
                    .clientId(settings.clientId().strip())
                    .clientSecret(publicClient ? null : settings.clientSecret().strip())
                    .clientAuthenticationMethod(publicClient ? ClientAuthenticationMethod.NONE
                            : ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
                    .scope("openid", "profile", "email")
                    .redirectUri(publicUrl.base().orElse("{baseUrl}") + "/login/oauth2/code/{registrationId}")
                    .build());
        });
    }

    /**
     * The time a token's expiry and not-before are checked against: a bean, so a test moves it past
     * a token's expiry instead of sleeping until the token expires.
     */
    @Bean
    Clock oidcTokenClock() {
        return Clock.systemUTC();
    }

    /** Signature (the issuer's JWKS), issuer, audience, expiry and not-before (on {@code clock}, with the skew), token type. */
    @Bean
    JwtDecoder oidcJwtDecoder(OidcSettings settings, Clock clock) {
        return new SupplierJwtDecoder(() -> {
            NimbusJwtDecoder decoder = NimbusJwtDecoder.withIssuerLocation(settings.issuer()).build();
            JwtTimestampValidator timestamps = new JwtTimestampValidator(settings.clockSkew());
            timestamps.setClock(clock);
            decoder.setJwtValidator(JwtValidators.createDefaultWithValidators(List.of(
                    new JwtIssuerValidator(settings.issuer()),
                    new JwtAudienceValidator(settings.audience()),
                    timestamps)));
            return decoder;
        });
    }

    @Bean
    OidcJwtAuthenticationConverter oidcJwtAuthenticationConverter(OidcSettings settings, ExternalAccounts accounts) {
        return new OidcJwtAuthenticationConverter(new OidcClaimMapper(settings), accounts);
    }

    @Bean
    OidcSignInUserService oidcSignInUserService(OidcSettings settings, ExternalAccounts accounts) {
        return new OidcSignInUserService(new OidcClaimMapper(settings), accounts);
    }

    /** A non-blank {@code keelwatch.oidc.issuer-uri} (an empty environment variable leaves OIDC off). */
    static final class IssuerConfigured implements Condition {

        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            return StringUtils.hasText(context.getEnvironment().getProperty("keelwatch.oidc.issuer-uri"));
        }
    }
}
