package io.keelwatch.access;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Token buckets per (limit, client address): each address may make {@code perMinute} requests at
 * once and regains them evenly over a minute. State lives in this instance only: with several
 * replicas behind a load balancer each enforces its own limit (documented), which still bounds
 * guessing to replicas × limit. Memory is bounded: past {@link AccessSettings#rateLimitedAddresses()}
 * buckets the least recently used one is forgotten (a forgotten address starts with a full bucket).
 */
@Component
class RateLimiter {

    /** Password sign-ins, calls of the token endpoints, failed HTTP Basic attempts. */
    enum Limit { SIGN_IN, TOKENS, FAILED_BASIC }

    private record Key(Limit limit, String address) {
    }

    /** Tokens as a double so refill is continuous; {@code updatedAt} in nanos of the clock. */
    private static final class Bucket {
        double tokens;
        long updatedAtNanos;
    }

    private final Clock clock;
    private final Map<Limit, Integer> perMinute;
    private final Map<Key, Bucket> buckets;

    @Autowired
    RateLimiter(AccessSettings settings) {
        this(settings, Clock.systemUTC());
    }

    RateLimiter(AccessSettings settings, Clock clock) {
        this.clock = clock;
        this.perMinute = Map.of(Limit.SIGN_IN, settings.signInAttemptsPerMinute(), Limit.TOKENS, settings.tokenRequestsPerMinute(),
                Limit.FAILED_BASIC, settings.failedBasicAttemptsPerMinute());
        int capacity = settings.rateLimitedAddresses();
        this.buckets = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Key, Bucket> eldest) {
                return size() > capacity;
            }
        };
    }

    /** Takes one request from the address's bucket: empty if allowed, else how long until the next one is. */
    synchronized Optional<Duration> tryAcquire(Limit limit, String address) {
        Optional<Duration> wait = waitFor(limit, address);
        if (wait.isEmpty()) {
            buckets.get(new Key(limit, address)).tokens -= 1;
        }
        return wait;
    }

    /**
     * Whether the address has a request left, without taking it: empty if so, else how long until
     * it has. For limits that count only what went wrong ({@link Limit#FAILED_BASIC}), taken
     * afterwards with {@link #tryAcquire}.
     */
    synchronized Optional<Duration> waitFor(Limit limit, String address) {
        int rate = perMinute.get(limit);
        long now = nanos();
        Bucket bucket = buckets.computeIfAbsent(new Key(limit, address), k -> {
            Bucket fresh = new Bucket();
            fresh.tokens = rate;
            fresh.updatedAtNanos = now;
            return fresh;
        });
        double perNano = rate / (double) Duration.ofMinutes(1).toNanos();
        bucket.tokens = Math.min(rate, bucket.tokens + (now - bucket.updatedAtNanos) * perNano);
        bucket.updatedAtNanos = now;
        if (bucket.tokens >= 1) {
            return Optional.empty();
        }
        return Optional.of(Duration.ofNanos((long) Math.ceil((1 - bucket.tokens) / perNano)));
    }

    synchronized int trackedAddresses() {
        return buckets.size();
    }

    private long nanos() {
        java.time.Instant now = clock.instant();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }
}
