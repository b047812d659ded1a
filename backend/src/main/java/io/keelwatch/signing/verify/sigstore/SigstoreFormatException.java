package io.keelwatch.signing.verify.sigstore;

/**
 * Sigstore material that cannot be read at all: not JSON, truncated, a required field missing, an
 * unknown bundle media type. Callers answer it as bad input (400), not as a failed verification:
 * nothing was verified.
 */
public class SigstoreFormatException extends RuntimeException {

    public SigstoreFormatException(String message) {
        super(message);
    }

    public SigstoreFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
