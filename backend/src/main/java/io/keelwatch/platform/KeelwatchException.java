package io.keelwatch.platform;

/**
 * An error a caller can act on. The API renders it as problem details of its {@link ProblemKind};
 * UI pages show {@link #getMessage()} as the readable message. Messages must never carry internals.
 */
public class KeelwatchException extends RuntimeException {

    private final ProblemKind kind;

    public KeelwatchException(ProblemKind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public KeelwatchException(ProblemKind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public ProblemKind kind() {
        return kind;
    }

    public static KeelwatchException notFound(String what) {
        return new KeelwatchException(CommonProblem.NOT_FOUND, what + " not found");
    }
}
