package io.keelwatch.signing.verify.notation;

/**
 * A Notation envelope or trust-store certificate that cannot be read at all (not JWS JSON or COSE_Sign1,
 * truncated, a required header missing). Callers answer it as bad input (400): nothing was verified.
 */
public class NotationFormatException extends RuntimeException {

    public NotationFormatException(String message) {
        super(message);
    }

    public NotationFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
