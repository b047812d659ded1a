package io.keelwatch.access;

import io.keelwatch.platform.CommonProblem;
import io.keelwatch.platform.ProblemResponseWriter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Answers 429 with {@code Retry-After} once a client address has used up its {@link RateLimiter}
 * bucket for the matched requests. The API gets problem details; the browser's sign-in form gets
 * the error page {@code error/429} (through the container's error dispatch). The address is the
 * connection's: behind a proxy, set {@code server.forward-headers-strategy} so it is the client's.
 * Not a bean, so the servlet container does not also run it outside its chain.
 */
final class RateLimitFilter extends OncePerRequestFilter {

    private final RateLimiter limiter;
    private final RateLimiter.Limit limit;
    private final RequestMatcher matcher;
    private final ProblemResponseWriter problems;

    /** {@code problems} null: answer with the error page instead of problem details. */
    RateLimitFilter(RateLimiter limiter, RateLimiter.Limit limit, RequestMatcher matcher, ProblemResponseWriter problems) {
        this.limiter = limiter;
        this.limit = limit;
        this.matcher = matcher;
        this.problems = problems;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (!matcher.matches(request)) {
            chain.doFilter(request, response);
            return;
        }
        Optional<Duration> wait = limiter.tryAcquire(limit, request.getRemoteAddr());
        if (wait.isEmpty()) {
            chain.doFilter(request, response);
            return;
        }
        long seconds = Math.max(1, (wait.get().toMillis() + 999) / 1000);
        response.setHeader(HttpHeaders.RETRY_AFTER, String.valueOf(seconds));
        if (problems != null) {
            problems.write(response, CommonProblem.TOO_MANY_REQUESTS,
                    "Too many requests from your address; try again in " + seconds + " seconds.", request);
        } else {
            response.sendError(HttpStatus.TOO_MANY_REQUESTS.value());
        }
    }
}
