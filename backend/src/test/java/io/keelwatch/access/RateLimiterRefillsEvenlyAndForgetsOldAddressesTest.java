package io.keelwatch.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** The token buckets behind the 429s: a burst up to the limit, even refill, per address and limit, bounded memory. */
class RateLimiterRefillsEvenlyAndForgetsOldAddressesTest {

    private Instant now = Instant.parse("2026-05-01T10:00:00Z");
    private final Clock clock = new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    };

    @Test
    void aBurstUpToTheLimitThenOneRequestPerRefillInterval() {
        RateLimiter limiter = new RateLimiter(settings(10, 30, 100), clock);
        for (int i = 0; i < 10; i++) {
            assertThat(limiter.tryAcquire(RateLimiter.Limit.SIGN_IN, "10.0.0.1")).isEmpty();
        }
        assertThat(limiter.tryAcquire(RateLimiter.Limit.SIGN_IN, "10.0.0.1")).hasValueSatisfying(wait ->
                assertThat(wait).isBetween(Duration.ofMillis(5_900), Duration.ofSeconds(6)));
        assertThat(limiter.tryAcquire(RateLimiter.Limit.SIGN_IN, "10.0.0.2")).as("another address").isEmpty();
        assertThat(limiter.tryAcquire(RateLimiter.Limit.TOKENS, "10.0.0.1")).as("another limit").isEmpty();

        now = now.plusSeconds(6);
        assertThat(limiter.tryAcquire(RateLimiter.Limit.SIGN_IN, "10.0.0.1")).isEmpty();
        assertThat(limiter.tryAcquire(RateLimiter.Limit.SIGN_IN, "10.0.0.1")).isPresent();

        now = now.plus(Duration.ofHours(1));
        for (int i = 0; i < 10; i++) {
            assertThat(limiter.tryAcquire(RateLimiter.Limit.SIGN_IN, "10.0.0.1")).as("never more than the limit saved up").isEmpty();
        }
        assertThat(limiter.tryAcquire(RateLimiter.Limit.SIGN_IN, "10.0.0.1")).isPresent();
    }

    @Test
    void memoryIsBoundedByForgettingTheLeastRecentlySeenAddress() {
        RateLimiter limiter = new RateLimiter(settings(1, 1, 3), clock);
        limiter.tryAcquire(RateLimiter.Limit.SIGN_IN, "a");
        for (int i = 0; i < 1_000; i++) {
            limiter.tryAcquire(RateLimiter.Limit.SIGN_IN, "flood-" + i);
        }
        assertThat(limiter.trackedAddresses()).isEqualTo(3);
        assertThat(limiter.tryAcquire(RateLimiter.Limit.SIGN_IN, "flood-999")).as("recent ones are remembered").isPresent();
    }

    private static AccessSettings settings(int signIn, int tokens, int addresses) {
        return new AccessSettings(null, 5, Duration.ofMinutes(15), signIn, tokens, signIn, addresses, Duration.ofSeconds(5));
    }
}
