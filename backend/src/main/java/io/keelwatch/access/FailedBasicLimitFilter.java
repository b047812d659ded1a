package io.keelwatch.access;

import io.keelwatch.platform.CommonProblem;
import io.keelwatch.platform.ProblemResponseWriter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Limits password guessing through {@code Authorization: Basic} as the sign-in form's limit does:
 * each refused Basic attempt (a 401) takes one of the address's {@link RateLimiter.Limit#FAILED_BASIC}
 * allowance; once it is used up, every Basic request from that address gets 429 problem details with
 * {@code Retry-After}, the right password too, until it refills. Scripts that send the right
 * password use none of it, so they are never slowed down. Runs before the Basic check; not a bean
 * (the container would run it outside its chain too).
 */
final class FailedBasicLimitFilter extends OncePerRequestFilter {

    private final RateLimiter limiter;
    private final ProblemResponseWriter problems;

    FailedBasicLimitFilter(RateLimiter limiter, ProblemResponseWriter problems) {
        this.limiter = limiter;
        this.problems = problems;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (!sendsBasic(request)) {
            chain.doFilter(request, response);
            return;
        }
        String address = request.getRemoteAddr();
        Optional<Duration> wait = limiter.waitFor(RateLimiter.Limit.FAILED_BASIC, address);
        if (wait.isPresent()) {
            long seconds = Math.max(1, (wait.get().toMillis() + 999) / 1000);
            response.setHeader(HttpHeaders.RETRY_AFTER, String.valueOf(seconds));
            problems.write(response, CommonProblem.TOO_MANY_REQUESTS,
                    "Too many wrong credentials from your address; try again in " + seconds + " seconds.", request);
            return;
        }
        chain.doFilter(request, response);
        if (response.getStatus() == HttpStatus.UNAUTHORIZED.value()) {
            limiter.tryAcquire(RateLimiter.Limit.FAILED_BASIC, address);
        }
    }

    private static boolean sendsBasic(HttpServletRequest request) {
        String header = request.getHeader(HttpHeaders.AUTHORIZATION);
        return header != null && header.strip().toLowerCase(Locale.ROOT).startsWith("basic");
    }
}
