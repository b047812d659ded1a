package io.keelwatch.access;

import io.keelwatch.platform.CommonProblem;
import io.keelwatch.platform.ErrorReason;
import io.keelwatch.platform.ProblemResponseWriter;
import io.keelwatch.platform.PublicUrlSettings;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.net.URI;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationDeniedException;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.authorization.ExpressionAuthorizationDecision;
import org.springframework.security.config.ObjectPostProcessor;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.oidc.web.logout.OidcClientInitiatedLogoutSuccessHandler;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizedClientRepository;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.server.resource.web.BearerTokenResolver;
import org.springframework.security.oauth2.server.resource.web.DefaultBearerTokenResolver;
import org.springframework.security.oauth2.server.resource.web.authentication.BearerTokenAuthenticationFilter;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.access.AccessDeniedHandlerImpl;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.authentication.SimpleUrlAuthenticationFailureHandler;
import org.springframework.security.web.authentication.UsernamePasswordAuthenticationFilter;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import org.springframework.security.web.context.RequestAttributeSecurityContextRepository;
import org.springframework.security.web.csrf.CookieCsrfTokenRepository;
import org.springframework.security.web.csrf.CsrfException;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;
import org.springframework.security.web.savedrequest.CookieRequestCache;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;

/**
 * Two chains: the API is stateless (credentials on every call: an API token as
 * {@code Authorization: Bearer kw_…}, an identity provider's access token as
 * {@code Authorization: Bearer <jwt>} when OIDC is configured, or HTTP Basic; no session cookie
 * honoured, so CSRF cannot apply), the browser UI uses a server-side session with CSRF on every
 * form, signed in with a password or, when OIDC is configured, through the identity provider.
 * Both refuse with 403 through a handler that audits the refusal ({@link AccessDenials}); both
 * rate-limit what can be used to guess secrets (sign-in, token endpoints, failed HTTP Basic attempts).
 */
@Configuration(proxyBeanMethods = false)
@EnableMethodSecurity
class SecurityConfiguration {

    /** Prometheus' scrape path: served by the API chain, so a Prometheus job authenticates with a token. */
    static final String METRICS = "/actuator/prometheus";

    /**
     * No inline code, nothing from elsewhere. Forms post only to Keelwatch, except that signing out
     * of a Keycloak session continues to Keycloak's end-session endpoint: a redirect after a form
     * post, which browsers check against {@code form-action} too.
     */
    static String contentSecurityPolicy(OidcSettings oidc) {
        String formAction = oidc.enabled() ? "'self' " + origin(oidc.issuer()) : "'self'";
        return "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; "
                + "base-uri 'self'; form-action " + formAction + "; frame-ancestors 'none'";
    }

    private static String origin(String url) {
        URI uri = URI.create(url);
        return uri.getScheme() + "://" + uri.getRawAuthority();
    }

    /**
     * No span per security filter, authentication and authorization: each request is already timed once
     * ({@code http.server.requests}), and wrapping every one of the chain's filters in an observation cost
     * the ingest endpoints a large share of their time per call.
     */
    @Bean
    SecurityObservationSettings securityObservationSettings() {
        return SecurityObservationSettings.noObservations();
    }

    @Bean
    PasswordEncoder passwordEncoder() {
        return PasswordEncoderFactories.createDelegatingPasswordEncoder();
    }

    /** The one password check, for form login and HTTP Basic alike, with lock-out. */
    @Bean
    AuthenticationProvider passwordAuthentication(LocalUserDetailsService users, PasswordEncoder encoder, UserAccounts accounts) {
        DaoAuthenticationProvider passwords = new DaoAuthenticationProvider(users);
        passwords.setPasswordEncoder(encoder);
        return new LockingAuthenticationProvider(passwords, accounts);
    }

    @Bean
    @Order(1)
    SecurityFilterChain apiChain(HttpSecurity http, ProblemResponseWriter problems, ApiTokenService tokens,
            RateLimiter limiter, AccessDenials denials, ObjectProvider<JwtDecoder> oidcJwtDecoder,
            ObjectProvider<OidcJwtAuthenticationConverter> oidcJwtConverter) throws Exception {
        AuthenticationEntryPoint unauthenticated = (request, response, e) -> problems.write(response,
                CommonProblem.UNAUTHENTICATED, "Send credentials in the Authorization header.", request);
        AccessDeniedHandler denied = (request, response, e) -> {
            denials.record(request, reason(e));
            problems.write(response, CommonProblem.FORBIDDEN, "You may not do this.", request);
        };
        RequestAttributeSecurityContextRepository contexts = new RequestAttributeSecurityContextRepository();
        JwtDecoder jwtDecoder = oidcJwtDecoder.getIfAvailable();
        http.securityMatcher("/api/**", METRICS)
                .addFilterBefore(new RateLimitFilter(limiter, RateLimiter.Limit.TOKENS,
                        PathPatternRequestMatcher.withDefaults().matcher("/api/v1/tokens/**"), problems),
                        BearerTokenAuthenticationFilter.class)
                .addFilterBefore(new ApiTokenAuthenticationFilter(tokens, problems, contexts, jwtDecoder != null),
                        BearerTokenAuthenticationFilter.class)
                .addFilterBefore(new FailedBasicLimitFilter(limiter, problems), BasicAuthenticationFilter.class)
                .authorizeHttpRequests(auth -> auth.requestMatchers(METRICS).access(metricsScrapers())
                        .anyRequest().authenticated())
                .httpBasic(basic -> basic.authenticationEntryPoint(unauthenticated))
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .securityContext(context -> context.securityContextRepository(contexts))
                .csrf(csrf -> csrf.disable())
                .exceptionHandling(ex -> ex.authenticationEntryPoint(unauthenticated).accessDeniedHandler(denied))
                .headers(headers -> headers
                        .contentSecurityPolicy(csp -> csp.policyDirectives("default-src 'none'; frame-ancestors 'none'"))
                        .referrerPolicy(referrer -> referrer.policy(ReferrerPolicyHeaderWriter.ReferrerPolicy.NO_REFERRER))
                        .frameOptions(frame -> frame.deny()));
        if (jwtDecoder != null) {
            AuthenticationEntryPoint jwtRefused = (request, response, e) -> {
                if (!(e instanceof SignInRefusedAuthenticationException)) {
                    tokens.recordRejectedJwt(e.getMessage());
                }
                response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer error=\"invalid_token\"");
                problems.write(response, CommonProblem.UNAUTHENTICATED, e.getMessage(), request);
            };
            http.oauth2ResourceServer(server -> server
                    .bearerTokenResolver(jwtsOnly())
                    .jwt(jwt -> jwt.decoder(jwtDecoder).jwtAuthenticationConverter(oidcJwtConverter.getObject()))
                    .authenticationEntryPoint(jwtRefused)
                    .accessDeniedHandler(denied));
        }
        return http.build();
    }

    /** Bearer tokens from the Authorization header only, and not Keelwatch API tokens (their filter has them). */
    private static BearerTokenResolver jwtsOnly() {
        DefaultBearerTokenResolver header = new DefaultBearerTokenResolver();
        return (HttpServletRequest request) -> {
            String token = header.resolve(request);
            return ApiTokenAuthenticationFilter.isApiToken(token) ? null : token;
        };
    }

    @Bean
    @Order(2)
    SecurityFilterChain webChain(HttpSecurity http, RateLimiter limiter, AccessDenials denials, AccessRules rules, OidcSettings oidc,
            ObjectProvider<ClientRegistrationRepository> oidcClients, ObjectProvider<OidcSignInUserService> oidcUsers,
            PublicUrlSettings publicUrl,
            @Value("${server.servlet.session.cookie.secure:false}") boolean secureCookies) throws Exception {
        AccessDeniedHandler forbiddenPage = new AccessDeniedHandlerImpl();
        // Nobody gets a session before signing in: the CSRF token of the sign-in form, and where to
        // go back to after it, live in cookies. So anonymous page views store nothing, and a
        // refused cross-site POST (which arrives without the SameSite session cookie) cannot start
        // a session whose cookie would replace the person's own and sign them out.
        CookieCsrfTokenRepository csrfTokens = new CookieCsrfTokenRepository();
        csrfTokens.setCookieName("KEELWATCH-CSRF");
        csrfTokens.setCookieCustomizer(cookie -> cookie.sameSite("Lax").secure(secureCookies));
        CookieRequestCache returnTo = new CookieRequestCache();
        // a wrong password is answered like any other (no reason to keep in a session)
        SimpleUrlAuthenticationFailureHandler failedSignIn = new SimpleUrlAuthenticationFailureHandler("/login?error");
        failedSignIn.setAllowSessionCreation(false);
        http.csrf(csrf -> csrf.csrfTokenRepository(csrfTokens))
                .requestCache(cache -> cache.requestCache(returnTo))
                .authorizeHttpRequests(auth -> auth
                        .requestMatchers("/login", "/css/**", "/js/**", "/img/**", "/webjars/**", "/favicon.ico", "/error",
                                "/actuator/health", "/actuator/health/**", "/v3/api-docs", "/v3/api-docs.yaml", "/v3/api-docs/**",
                                "/swagger-ui.html", "/swagger-ui/**")
                        .permitAll()
                        .anyRequest().authenticated())
                // after the CSRF check, so only real sign-in attempts use up the address's allowance
                .addFilterBefore(new RateLimitFilter(limiter, RateLimiter.Limit.SIGN_IN,
                        PathPatternRequestMatcher.withDefaults().matcher(HttpMethod.POST, "/login"), null),
                        UsernamePasswordAuthenticationFilter.class)
                .formLogin(form -> form.loginPage("/login").defaultSuccessUrl("/", false).failureHandler(failedSignIn).permitAll()
                        .withObjectPostProcessor(relativeSignInRedirect()))
                .logout(logout -> logout.logoutUrl("/logout").logoutSuccessUrl("/login?logout"))
                .exceptionHandling(ex -> ex.accessDeniedHandler((request, response, e) -> {
                    denials.record(request, reason(e));
                    // the 403 page says what was refused: the rule of the handler's @PreAuthorize, in words
                    if (e instanceof AuthorizationDeniedException denied
                            && denied.getAuthorizationResult() instanceof ExpressionAuthorizationDecision decision) {
                        String refusal = rules.refusal(decision.getExpression().getExpressionString());
                        if (refusal != null) {
                            ErrorReason.attach(request, refusal);
                        }
                    }
                    forbiddenPage.handle(request, response, e);
                }))
                .headers(headers -> headers
                        .contentSecurityPolicy(csp -> csp.policyDirectives(contentSecurityPolicy(oidc)))
                        .referrerPolicy(referrer -> referrer.policy(ReferrerPolicyHeaderWriter.ReferrerPolicy.SAME_ORIGIN))
                        .frameOptions(frame -> frame.deny()));
        ClientRegistrationRepository clients = oidcClients.getIfAvailable();
        if (clients != null) {
            // "Sign in with Keycloak" links to /oauth2/authorization/keycloak; a refusal lands on /login?error
            // with its reason in the session, which the login page shows.
            http.oauth2Login(login -> login.loginPage("/login")
                    .clientRegistrationRepository(clients)
                    .authorizedClientRepository(new NoAuthorizedClients())
                    .userInfoEndpoint(userInfo -> userInfo.oidcUserService(oidcUsers.getObject()))
                    .defaultSuccessUrl("/", false)
                    .failureUrl("/login?error")
                    .permitAll()
                    .withObjectPostProcessor(relativeSignInRedirect()));
            // Signing out of Keelwatch also ends the Keycloak session it came from (RP-initiated
            // logout), so the next "Sign in with Keycloak" asks for the password again instead of
            // signing the next person at this browser straight back in. Password sessions just end.
            OidcClientInitiatedLogoutSuccessHandler endKeycloakSession = new OidcClientInitiatedLogoutSuccessHandler(clients);
            endKeycloakSession.setPostLogoutRedirectUri(publicUrl.base().orElse("{baseUrl}") + "/login?logout");
            endKeycloakSession.setDefaultTargetUrl("/login?logout");
            http.logout(logout -> logout.logoutSuccessHandler(endKeycloakSession));
        }
        return http.build();
    }

    /**
     * "Sign in first" redirects to {@code /login} without a host: built absolute, it would name
     * whatever host the request's {@code Host} header claimed ({@code server.tomcat.use-relative-redirects}
     * keeps the container from adding one to the other redirects).
     */
    private static ObjectPostProcessor<LoginUrlAuthenticationEntryPoint> relativeSignInRedirect() {
        return new ObjectPostProcessor<>() {
            @Override
            public <O extends LoginUrlAuthenticationEntryPoint> O postProcess(O entryPoint) {
                entryPoint.setFavorRelativeUris(true);
                return entryPoint;
            }
        };
    }

    /**
     * Who may scrape metrics: a token with {@code metrics:read} (or {@code admin}); in person, leads and admins.
     * Metrics are counts across every team, so neither developers nor auditors read them.
     */
    private static AuthorizationManager<RequestAuthorizationContext> metricsScrapers() {
        return (authentication, context) -> {
            Set<String> granted = authentication.get().getAuthorities().stream().map(GrantedAuthority::getAuthority)
                    .collect(Collectors.toSet());
            boolean token = granted.stream().anyMatch(authority -> authority.startsWith("SCOPE_"));
            boolean allowed = token
                    ? granted.contains(Scope.METRICS_READ.authority()) || granted.contains(Scope.ADMIN.authority())
                    : granted.contains("ROLE_" + Role.ADMIN.name()) || granted.contains("ROLE_" + Role.SECURITY_LEAD.name());
            return new AuthorizationDecision(allowed);
        };
    }

    private static String reason(AccessDeniedException e) {
        return e instanceof CsrfException ? "csrf" : "not_authorized";
    }
    /**
     * Keelwatch never calls Keycloak on a person's behalf after sign-in, so it keeps none of the
     * access and refresh tokens the login obtained (not in memory, not in the session table).
     */
    private static final class NoAuthorizedClients implements OAuth2AuthorizedClientRepository {

        @Override
        public <T extends OAuth2AuthorizedClient> T loadAuthorizedClient(String registrationId, Authentication principal,
                HttpServletRequest request) {
            return null;
        }

        @Override
        public void saveAuthorizedClient(OAuth2AuthorizedClient client, Authentication principal, HttpServletRequest request,
                HttpServletResponse response) {
            // nothing kept
        }

        @Override
        public void removeAuthorizedClient(String registrationId, Authentication principal, HttpServletRequest request,
                HttpServletResponse response) {
            // nothing kept
        }
    }
}

