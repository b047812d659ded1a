package io.keelwatch.platform;

import java.util.Arrays;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;

/**
 * The kinds of error that belong to no feature: HTTP itself (malformed requests, wrong method or
 * media type), sign-in and permissions, missing records, limits, and the unexpected. Each has a
 * status of its own, so an error Spring or the servlet container answers with a status alone gets
 * its kind from that status ({@link #forStatus}).
 */
public enum CommonProblem implements ProblemKind {
    INVALID_REQUEST("invalid-request", HttpStatus.BAD_REQUEST, "Invalid request"),
    UNAUTHENTICATED("unauthenticated", HttpStatus.UNAUTHORIZED, "Authentication required"),
    FORBIDDEN("forbidden", HttpStatus.FORBIDDEN, "Not allowed"),
    NOT_FOUND("not-found", HttpStatus.NOT_FOUND, "Not found"),
    METHOD_NOT_ALLOWED("method-not-allowed", HttpStatus.METHOD_NOT_ALLOWED, "Method not allowed"),
    NOT_ACCEPTABLE("not-acceptable", HttpStatus.NOT_ACCEPTABLE, "Not acceptable"),
    CONFLICT("conflict", HttpStatus.CONFLICT, "Conflict"),
    PAYLOAD_TOO_LARGE("payload-too-large", HttpStatus.CONTENT_TOO_LARGE, "Upload too large"),
    UNSUPPORTED_MEDIA_TYPE("unsupported-media-type", HttpStatus.UNSUPPORTED_MEDIA_TYPE, "Unsupported media type"),
    TOO_MANY_REQUESTS("too-many-requests", HttpStatus.TOO_MANY_REQUESTS, "Too many requests"),
    INTERNAL("internal", HttpStatus.INTERNAL_SERVER_ERROR, "Internal error");

    private final Definition definition;

    CommonProblem(String slug, HttpStatus status, String title) {
        this.definition = new Definition(slug, status, title);
    }

    @Override
    public Definition definition() {
        return definition;
    }

    /** The kind with this status; any other client error is an invalid request, any server error internal. */
    public static CommonProblem forStatus(HttpStatusCode status) {
        return Arrays.stream(values())
                .filter(kind -> kind.status().value() == status.value())
                .findFirst()
                .orElse(status.is5xxServerError() ? INTERNAL : INVALID_REQUEST);
    }
}
