package io.keelwatch.access;

import io.keelwatch.platform.AfterTransaction;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * The tokens presented in the last {@code keelwatch.access.token-cache} (by hash), with their owners as read then, so
 * a client posting thousands of events a second costs one read of its token every few seconds instead of one a
 * request. Whatever changes what a token may do — revoking it, an owner's role, enabled flag or teams — forgets
 * every entry once its transaction commits, so this replica acts on the change at once; another replica within
 * the cache's time. Unknown tokens are never kept: each is read, refused and recorded.
 */
@Component
class RecentTokens {

    private record Entry(ApiTokens.Presented token, long readAt) {
    }

    private final ConcurrentHashMap<String, Entry> byHash = new ConcurrentHashMap<>();
    private final long keepNanos;
    private final int capacity;

    RecentTokens(AccessSettings settings) {
        this.keepNanos = settings.tokenCache().toNanos();
        this.capacity = settings.rateLimitedAddresses();
    }

    Optional<ApiTokens.Presented> get(String hash) {
        Entry entry = byHash.get(hash);
        if (entry == null || System.nanoTime() - entry.readAt() > keepNanos) {
            return Optional.empty();
        }
        return Optional.of(entry.token());
    }

    void put(String hash, ApiTokens.Presented token) {
        if (keepNanos <= 0) {
            return;
        }
        if (byHash.size() >= capacity) {
            // many distinct tokens at once: start over rather than keep memory without bound
            byHash.clear();
        }
        byHash.put(hash, new Entry(token, System.nanoTime()));
    }

    /** Forgets every token once the current transaction commits (at once outside one). */
    void forgetAllAfterCommit() {
        AfterTransaction.ended(byHash::clear);
    }
}
