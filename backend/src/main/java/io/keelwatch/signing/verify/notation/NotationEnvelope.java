package io.keelwatch.signing.verify.notation;

import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * What a Notation signature envelope says, whichever its encoding (JWS or COSE_Sign1).
 *
 * @param algorithm             the signature algorithm in JWS terms (PS256…PS512, ES256…ES512), or null when unknown
 * @param signingInput          the exact bytes signed (JWS signing input, or COSE's Sig_structure)
 * @param certificateChain      x5c / x5chain, leaf first, DER
 * @param critical              the protected headers the signer marked critical
 * @param protectedHeaderNames  every protected header present (COSE integer labels as decimal text)
 */
record NotationEnvelope(String algorithm, byte[] signingInput, byte[] signature, List<byte[]> certificateChain,
                        String contentType, String signingScheme, Instant signingTime, Instant expiry,
                        List<String> critical, Set<String> protectedHeaderNames, byte[] payload) {

    static final String CONTENT_TYPE = "application/vnd.cncf.notary.payload.v1+json";
    static final String SIGNING_SCHEME = "io.cncf.notary.signingScheme";
    static final String SIGNING_TIME = "io.cncf.notary.signingTime";
    static final String EXPIRY = "io.cncf.notary.expiry";
}
