package io.keelwatch.access;

import io.keelwatch.audit.AuditLog;
import io.keelwatch.platform.CommonProblem;
import io.keelwatch.platform.ProblemResponseWriter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.http.HttpHeaders;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.util.MultiValueMap;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * API-chain authentication with {@code Authorization: Bearer kw_…}, or with an API token as the password
 * of {@code Authorization: Basic} (any user name): clients that take only a URL, such as Falco's
 * {@code http_output}, carry a token as the URL's user information ({@code https://falco:kw_…@host/…}),
 * which libcurl sends as Basic credentials, so the secret never is part of a path or query that logs
 * and audit events record. A token anywhere in the query
 * string is refused (400) before anything else, whatever else the request carries; an unknown,
 * expired or revoked token is refused (401) and recorded. Requests without a bearer token pass
 * on to HTTP Basic. Other bearer tokens pass on to the JWT resource server when OIDC is configured
 * ({@code passOtherBearerTokens}), and are refused as malformed when it is not. Not a bean, so the
 * servlet container does not also run it outside the chain.
 */
final class ApiTokenAuthenticationFilter extends OncePerRequestFilter {

    /** Query parameters that would carry a credential in the URL (compared case-insensitively). */
    static final Set<String> URL_TOKEN_PARAMETERS = Set.of("token", "access_token", "api_key");
    private static final String BEARER = "bearer ";
    private static final String BASIC = "basic ";

    private final ApiTokenService tokens;
    private final ProblemResponseWriter problems;
    private final SecurityContextRepository contexts;
    private final boolean passOtherBearerTokens;
    private final SecurityContextHolderStrategy holder = SecurityContextHolder.getContextHolderStrategy();

    ApiTokenAuthenticationFilter(ApiTokenService tokens, ProblemResponseWriter problems, SecurityContextRepository contexts,
            boolean passOtherBearerTokens) {
        this.tokens = tokens;
        this.problems = problems;
        this.contexts = contexts;
        this.passOtherBearerTokens = passOtherBearerTokens;
    }

    /** Whether a bearer token is meant for this filter: a Keelwatch API token, by its prefix. */
    static boolean isApiToken(String bearerToken) {
        return bearerToken != null && bearerToken.startsWith(ApiTokenSecrets.PREFIX);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Optional<String> inUrl = tokenInQueryString(request.getQueryString());
        if (inUrl.isPresent()) {
            ApiTokenRejectedException rejection = tokens.rejectTokenInUrl(inUrl.get());
            problems.write(response, CommonProblem.INVALID_REQUEST, rejection.getMessage(), request);
            return;
        }
        String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
        String basicToken = tokenAsBasicPassword(authorization);
        if (basicToken != null) {
            // the Basic check after this filter must not take the token for a person's password
            authenticate(basicToken, withoutAuthorization(request), response, chain);
            return;
        }
        if (authorization == null || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            chain.doFilter(request, response);
            return;
        }
        String presented = authorization.substring(BEARER.length()).strip();
        if (passOtherBearerTokens && !isApiToken(presented)) {
            chain.doFilter(request, response);
            return;
        }
        authenticate(presented, request, response, chain);
    }

    private void authenticate(String presented, HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        ApiTokenAuthentication authentication;
        try {
            authentication = tokens.authenticate(presented);
        } catch (ApiTokenRejectedException rejection) {
            holder.clearContext();
            response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer error=\"invalid_token\"");
            problems.write(response, CommonProblem.UNAUTHENTICATED, rejection.getMessage(), request);
            return;
        }
        SecurityContext context = holder.createEmptyContext();
        context.setAuthentication(authentication);
        holder.setContext(context);
        contexts.saveContext(context, request, response);
        request.setAttribute(AuditLog.ACTING_TOKEN_ATTRIBUTE, authentication.grant().displayPrefix());
        chain.doFilter(request, response);
    }

    /** The password of {@code Authorization: Basic} when it is an API token (by its prefix), else null. */
    static String tokenAsBasicPassword(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, BASIC, 0, BASIC.length())) {
            return null;
        }
        String credentials;
        try {
            credentials = new String(Base64.getDecoder().decode(authorization.substring(BASIC.length()).strip()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return null;
        }
        int colon = credentials.indexOf(':');
        String password = colon < 0 ? null : credentials.substring(colon + 1);
        return isApiToken(password) ? password : null;
    }

    private static HttpServletRequest withoutAuthorization(HttpServletRequest request) {
        return new HttpServletRequestWrapper(request) {
            @Override
            public String getHeader(String name) {
                return HttpHeaders.AUTHORIZATION.equalsIgnoreCase(name) ? null : super.getHeader(name);
            }

            @Override
            public Enumeration<String> getHeaders(String name) {
                return HttpHeaders.AUTHORIZATION.equalsIgnoreCase(name) ? Collections.emptyEnumeration() : super.getHeaders(name);
            }
        };
    }

    /** The value of the first credential-like query parameter (possibly empty), read from the raw query string. */
    static Optional<String> tokenInQueryString(String query) {
        if (query == null || query.isEmpty()) {
            return Optional.empty();
        }
        MultiValueMap<String, String> parameters = UriComponentsBuilder.newInstance().query(query).build().getQueryParams();
        for (Map.Entry<String, List<String>> parameter : parameters.entrySet()) {
            if (URL_TOKEN_PARAMETERS.contains(decode(parameter.getKey()).toLowerCase(Locale.ROOT))) {
                String value = parameter.getValue().isEmpty() ? null : parameter.getValue().get(0);
                return Optional.of(decode(value));
            }
        }
        return Optional.empty();
    }

    private static String decode(String value) {
        if (value == null) {
            return "";
        }
        try {
            return URLDecoder.decode(value, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return value;
        }
    }
}
