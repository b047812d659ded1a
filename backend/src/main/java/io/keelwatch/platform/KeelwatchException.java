package io.keelwatch.platform;

/**
 * An error a caller can act on. The API renders it as problem details; UI pages show
 * {@link #getMessage()} as the readable message. Messages must never carry internals.
 */
public class KeelwatchException extends RuntimeException {

    private final ProblemType type;

    public KeelwatchException(ProblemType type, String message) {
        super(message);
        this.type = type;
    }

    public KeelwatchException(ProblemType type, String message, Throwable cause) {
        super(message, cause);
        this.type = type;
    }

    public ProblemType type() {
        return type;
    }

    public static KeelwatchException notFound(String what) {
        return new KeelwatchException(ProblemType.NOT_FOUND, what + " not found");
    }
}
