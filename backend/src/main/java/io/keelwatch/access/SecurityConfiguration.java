package io.keelwatch.access;

import io.keelwatch.platform.ProblemResponseWriter;
import io.keelwatch.platform.ProblemType;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.access.AccessDeniedHandlerImpl;
import org.springframework.security.web.authentication.UsernamePasswordAuthenticationFilter;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import org.springframework.security.web.context.RequestAttributeSecurityContextRepository;
import org.springframework.security.web.csrf.CsrfException;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;

/**
 * Two chains: the API is stateless (credentials on every call: an API token as
 * {@code Authorization: Bearer kw_…}, or HTTP Basic; no session cookie honoured, so CSRF cannot
 * apply), the browser UI uses a server-side session with CSRF on every form. Both refuse with 403
 * through a handler that audits the refusal ({@link AccessDenials}); both rate-limit what can be
 * used to guess secrets (sign-in, token endpoints).
 */
@Configuration(proxyBeanMethods = false)
@EnableMethodSecurity
class SecurityConfiguration {

    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' data:; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

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
            RateLimiter limiter, AccessDenials denials) throws Exception {
        AuthenticationEntryPoint unauthenticated = (request, response, e) -> problems.write(response,
                ProblemType.UNAUTHENTICATED, "Send credentials in the Authorization header.", request);
        AccessDeniedHandler denied = (request, response, e) -> {
            denials.record(request, reason(e));
            problems.write(response, ProblemType.FORBIDDEN, "You may not do this.", request);
        };
        RequestAttributeSecurityContextRepository contexts = new RequestAttributeSecurityContextRepository();
        http.securityMatcher("/api/**")
                .addFilterBefore(new RateLimitFilter(limiter, RateLimiter.Limit.TOKENS,
                        PathPatternRequestMatcher.withDefaults().matcher("/api/v1/tokens/**"), problems), BasicAuthenticationFilter.class)
                .addFilterBefore(new ApiTokenAuthenticationFilter(tokens, problems, contexts), BasicAuthenticationFilter.class)
                .authorizeHttpRequests(auth -> auth.anyRequest().authenticated())
                .httpBasic(basic -> basic.authenticationEntryPoint(unauthenticated))
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .securityContext(context -> context.securityContextRepository(contexts))
                .csrf(csrf -> csrf.disable())
                .exceptionHandling(ex -> ex.authenticationEntryPoint(unauthenticated).accessDeniedHandler(denied))
                .headers(headers -> headers
                        .contentSecurityPolicy(csp -> csp.policyDirectives("default-src 'none'; frame-ancestors 'none'"))
                        .referrerPolicy(referrer -> referrer.policy(ReferrerPolicyHeaderWriter.ReferrerPolicy.NO_REFERRER))
                        .frameOptions(frame -> frame.deny()));
        return http.build();
    }

    @Bean
    @Order(2)
    SecurityFilterChain webChain(HttpSecurity http, RateLimiter limiter, AccessDenials denials) throws Exception {
        AccessDeniedHandler forbiddenPage = new AccessDeniedHandlerImpl();
        http.authorizeHttpRequests(auth -> auth
                        .requestMatchers("/login", "/css/**", "/js/**", "/img/**", "/webjars/**", "/favicon.ico", "/error",
                                "/actuator/health", "/actuator/health/**", "/v3/api-docs", "/v3/api-docs.yaml", "/v3/api-docs/**",
                                "/swagger-ui.html", "/swagger-ui/**")
                        .permitAll()
                        .anyRequest().authenticated())
                // after the CSRF check, so only real sign-in attempts use up the address's allowance
                .addFilterBefore(new RateLimitFilter(limiter, RateLimiter.Limit.SIGN_IN,
                        PathPatternRequestMatcher.withDefaults().matcher(HttpMethod.POST, "/login"), null),
                        UsernamePasswordAuthenticationFilter.class)
                .formLogin(form -> form.loginPage("/login").defaultSuccessUrl("/", false).permitAll())
                .logout(logout -> logout.logoutUrl("/logout").logoutSuccessUrl("/login?logout"))
                .exceptionHandling(ex -> ex.accessDeniedHandler((request, response, e) -> {
                    denials.record(request, reason(e));
                    forbiddenPage.handle(request, response, e);
                }))
                .headers(headers -> headers
                        .contentSecurityPolicy(csp -> csp.policyDirectives(CONTENT_SECURITY_POLICY))
                        .referrerPolicy(referrer -> referrer.policy(ReferrerPolicyHeaderWriter.ReferrerPolicy.SAME_ORIGIN))
                        .frameOptions(frame -> frame.deny()));
        return http.build();
    }

    private static String reason(AccessDeniedException e) {
        return e instanceof CsrfException ? "csrf" : "not_authorized";
    }
}
