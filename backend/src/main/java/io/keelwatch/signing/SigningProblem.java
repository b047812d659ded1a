package io.keelwatch.signing;

import io.keelwatch.platform.ProblemKind;
import org.springframework.http.HttpStatus;

/** What can be wrong with trust material and submitted signatures. */
public enum SigningProblem implements ProblemKind {
    /** Private key material (any PEM {@code … PRIVATE KEY}): never accepted, never stored. */
    PRIVATE_KEY_REFUSED("private-key-refused", HttpStatus.BAD_REQUEST, "Private key refused"),
    /** Malformed PEM, a certificate instead of a key, an unsupported algorithm or curve, a weak RSA key. */
    INVALID_KEY("invalid-key", HttpStatus.BAD_REQUEST, "Not a usable public key"),
    /** A trust root that is not what its kind needs (JSON with tlogs / certificateAuthorities; PEM CA certificates). */
    INVALID_TRUST_ROOT("invalid-trust-root", HttpStatus.BAD_REQUEST, "Not a usable trust root"),
    /** Material of a format no FormatVerifier takes (every format has one now; kept so the type clients switch on stays). */
    SIGNATURE_FORMAT_NOT_VERIFIED_YET("signature-format-not-verified-yet", HttpStatus.UNSUPPORTED_MEDIA_TYPE,
            "Signature format not verified yet");

    private final Definition definition;

    SigningProblem(String slug, HttpStatus status, String title) {
        this.definition = new Definition(slug, status, title);
    }

    @Override
    public Definition definition() {
        return definition;
    }
}
