package io.keelwatch.signing.signatures;

import io.keelwatch.signing.trust.TrustChanged;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Verifies signatures again when trust changes, in the transaction that changed it: a revoked or expired
 * key's signatures (they turn untrusted unless another trusted entry holds the same key), and after a signer
 * is added the unverified signatures of its team's projects (every project's for a global one), newest
 * {@value #ADDED_SIGNER_LIMIT} first.
 */
@Component
class Reverification {

    static final int ADDED_SIGNER_LIMIT = 10_000;

    private final SignatureQueries queries;
    private final SignatureIngest ingest;

    Reverification(SignatureQueries queries, SignatureIngest ingest) {
        this.queries = queries;
        this.ingest = ingest;
    }

    @EventListener
    void trustChanged(TrustChanged change) {
        ingest.reverify(change.keyId() != null ? queries.byKey(change.keyId()) : queries.unverified(change.teamId(), ADDED_SIGNER_LIMIT));
    }

    /** The expired keys' signatures, verified again. */
    int expire(java.time.Instant now) {
        var keys = queries.expiredKeysStillVerifying(now);
        keys.forEach(key -> ingest.reverify(queries.byKey(key)));
        return keys.size();
    }
}
