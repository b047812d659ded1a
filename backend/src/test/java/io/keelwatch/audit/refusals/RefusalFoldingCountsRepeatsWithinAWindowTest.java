package io.keelwatch.audit.refusals;

import static org.assertj.core.api.Assertions.assertThat;

import io.keelwatch.audit.AuditEntry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RefusalFoldingCountsRepeatsWithinAWindowTest {

    private final MutableClock clock = new MutableClock();

    @Test
    void theFirstIsWrittenRepeatsAreCountedUntilTheWindowCloses() {
        RefusalFolding folding = new RefusalFolding(new RefusalSettings(Duration.ofMinutes(1), 100), clock);
        RefusalFolding.Kind kind = kind("a", "10.0.0.1");
        assertThat(folding.offer(kind).writeNow()).isTrue();
        Instant first = clock.advance(Duration.ofSeconds(1));
        assertThat(folding.offer(kind).writeNow()).isFalse();
        Instant last = clock.advance(Duration.ofSeconds(30));
        assertThat(folding.offer(kind).writeNow()).isFalse();
        assertThat(folding.offer(kind("a", "10.0.0.2")).writeNow()).as("another address is another kind").isTrue();
        assertThat(folding.takeClosed()).isEmpty();

        clock.advance(Duration.ofSeconds(30));
        assertThat(folding.takeClosed()).containsExactly(new RefusalFolding.Folded(kind, 2, first, last));
        assertThat(folding.offer(kind).writeNow()).as("a new window starts with a written event").isTrue();
        assertThat(folding.takeAll()).isEmpty();
    }

    @Test
    void beyondItsCapacityTheOldestCountIsWrittenEarly() {
        RefusalFolding folding = new RefusalFolding(new RefusalSettings(Duration.ofMinutes(1), 2), clock);
        folding.offer(kind("a", "x"));
        folding.offer(kind("a", "x"));
        folding.offer(kind("b", "x"));
        RefusalFolding.Decision third = folding.offer(kind("c", "x"));
        assertThat(third.writeNow()).isTrue();
        assertThat(third.evicted()).extracting(RefusalFolding.Folded::count).containsExactly(1L);
        assertThat(folding.countedKinds()).isEqualTo(2);
    }

    @Test
    void aRepeatAfterTheWindowWritesTheOldCountAndStartsAgain() {
        RefusalFolding folding = new RefusalFolding(new RefusalSettings(Duration.ofMinutes(1), 10), clock);
        folding.offer(kind("a", "x"));
        folding.offer(kind("a", "x"));
        clock.advance(Duration.ofMinutes(2));
        RefusalFolding.Decision later = folding.offer(kind("a", "x"));
        assertThat(later.writeNow()).isTrue();
        assertThat(later.evicted()).extracting(RefusalFolding.Folded::count).containsExactly(1L);
    }

    private static RefusalFolding.Kind kind(String actor, String address) {
        return new RefusalFolding.Kind(new AuditEntry(actor, AuditEntry.ActorType.anonymous, "token.rejected", "api_token", null,
                null, AuditEntry.Outcome.failure, Map.of("reason", "unknown")), address);
    }

    private static final class MutableClock extends Clock {
        private Instant now = Instant.parse("2026-01-01T00:00:00Z");

        Instant advance(Duration by) {
            now = now.plus(by);
            return now;
        }

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
    }
}
