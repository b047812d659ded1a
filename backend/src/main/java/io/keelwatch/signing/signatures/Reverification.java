package io.keelwatch.signing.signatures;

import io.keelwatch.signing.trust.TrustChanged;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Verifies signatures again when trust changes, in the transaction that changed it: a revoked or expired
 * key's signatures (they turn untrusted unless another trusted entry holds the same key), a revoked keyless
 * identity's, and after a signer is added the unverified signatures of its team's projects (every project's
 * for a global one), after a trust root is stored every signature of its kind (keyless cosign and Sigstore
 * bundles, or Notation), newest {@value #ADDED_SIGNER_LIMIT} first.
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
        if (change.keyId() != null) {
            ingest.reverify(queries.byKey(change.keyId()));
        } else if (change.identityId() != null) {
            ingest.reverify(queries.byIdentity(change.identityId()));
        } else if (change.rootKind() != null) {
            ingest.reverify(queries.decidedByRoot(change.rootKind(), ADDED_SIGNER_LIMIT));
        } else {
            ingest.reverify(queries.unverified(change.teamId(), ADDED_SIGNER_LIMIT));
        }
    }

    /** The expired keys' signatures, verified again. */
    int expire(java.time.Instant now) {
        var keys = queries.expiredKeysStillVerifying(now);
        keys.forEach(key -> ingest.reverify(queries.byKey(key)));
        return keys.size();
    }
}
