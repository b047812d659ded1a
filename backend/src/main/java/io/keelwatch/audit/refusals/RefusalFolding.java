package io.keelwatch.audit.refusals;

import io.keelwatch.audit.AuditEntry;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Counts repeated refusals so anonymous callers cannot grow the audit log without limit. The
 * first refusal of a kind is written at once (an auditor sees an attack as it starts); its
 * repeats within {@link RefusalSettings#refusalWindow()} are only counted, and written as one
 * {@link Folded} event when the window closes, when more than {@link RefusalSettings#refusalKinds()}
 * kinds are counted (the oldest first), and at shutdown. Nothing is lost: the written event plus the
 * folded count is every refusal. Counts live in this instance only, like the rate limits.
 */
@Component
public class RefusalFolding {

    /** A kind of refusal: everything an event says except when it happened. */
    public record Kind(AuditEntry refusal, String sourceAddress) {
    }

    /** Repeats of a kind after its written event: how many, the first and the last one's time. */
    public record Folded(Kind kind, long count, Instant firstAt, Instant lastAt) {
    }

    /** What to write now: whether the refusal itself, and counts that had to be written early. */
    public record Decision(boolean writeNow, List<Folded> evicted) {
    }

    private static final class Tally {
        final Instant windowStart;
        long repeats;
        Instant firstAt;
        Instant lastAt;

        Tally(Instant windowStart) {
            this.windowStart = windowStart;
        }
    }

    private final Clock clock;
    private final RefusalSettings settings;
    /** Oldest window first, so the eldest is the one to write early. */
    private final Map<Kind, Tally> tallies = new LinkedHashMap<>();

    @Autowired
    RefusalFolding(RefusalSettings settings) {
        this(settings, Clock.systemUTC());
    }

    RefusalFolding(RefusalSettings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
    }

    /** Takes one refusal of this kind: written now if it is the first in its window, else counted. */
    public synchronized Decision offer(Kind kind) {
        Instant now = clock.instant();
        List<Folded> early = new ArrayList<>();
        Tally tally = tallies.get(kind);
        if (tally != null && !closed(tally, now)) {
            tally.repeats++;
            if (tally.firstAt == null) {
                tally.firstAt = now;
            }
            tally.lastAt = now;
            return new Decision(false, early);
        }
        if (tally != null) {
            tallies.remove(kind);
            folded(kind, tally).ifPresent(early::add);
        }
        tallies.put(kind, new Tally(now));
        Iterator<Map.Entry<Kind, Tally>> eldest = tallies.entrySet().iterator();
        while (tallies.size() > settings.refusalKinds()) {
            Map.Entry<Kind, Tally> entry = eldest.next();
            eldest.remove();
            folded(entry.getKey(), entry.getValue()).ifPresent(early::add);
        }
        return new Decision(true, early);
    }

    /** Removes the kinds whose window has closed: their counts, to be written. */
    public synchronized List<Folded> takeClosed() {
        return take(false);
    }

    /** Removes every kind: all counts held, to be written (at shutdown). */
    public synchronized List<Folded> takeAll() {
        return take(true);
    }

    private List<Folded> take(boolean all) {
        Instant now = clock.instant();
        List<Folded> due = new ArrayList<>();
        Iterator<Map.Entry<Kind, Tally>> entries = tallies.entrySet().iterator();
        while (entries.hasNext()) {
            Map.Entry<Kind, Tally> entry = entries.next();
            if (all || closed(entry.getValue(), now)) {
                entries.remove();
                folded(entry.getKey(), entry.getValue()).ifPresent(due::add);
            }
        }
        return due;
    }

    private boolean closed(Tally tally, Instant now) {
        return !now.isBefore(tally.windowStart.plus(settings.refusalWindow()));
    }

    private static Optional<Folded> folded(Kind kind, Tally tally) {
        return tally.repeats == 0 ? Optional.empty()
                : Optional.of(new Folded(kind, tally.repeats, tally.firstAt, tally.lastAt));
    }

    synchronized int countedKinds() {
        return tallies.size();
    }
}
