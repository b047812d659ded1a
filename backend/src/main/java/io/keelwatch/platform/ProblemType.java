package io.keelwatch.platform;

import java.net.URI;
import org.springframework.http.HttpStatus;

/**
 * Every error kind the API reports, each with a stable {@code type} URI (RFC 9457) that callers
 * may switch on. The URIs are URNs: stable identifiers, not pages to fetch.
 */
public enum ProblemType {
    MALFORMED_REPORT(HttpStatus.BAD_REQUEST, "Malformed report"),
    EMPTY_REPORT(HttpStatus.BAD_REQUEST, "Empty report"),
    UNSUPPORTED_REPORT_FORMAT(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "Unsupported report format"),
    PAYLOAD_TOO_LARGE(HttpStatus.CONTENT_TOO_LARGE, "Upload too large"),
    UNKNOWN_PROJECT(HttpStatus.UNPROCESSABLE_CONTENT, "No project for this artifact"),
    NO_IMPORTABLE_IMAGE(HttpStatus.UNPROCESSABLE_CONTENT, "No image in the report can be imported"),
    INVALID_REQUEST(HttpStatus.BAD_REQUEST, "Invalid request"),
    NOT_FOUND(HttpStatus.NOT_FOUND, "Not found"),
    UNAUTHENTICATED(HttpStatus.UNAUTHORIZED, "Authentication required"),
    FORBIDDEN(HttpStatus.FORBIDDEN, "Not allowed"),
    CONFLICT(HttpStatus.CONFLICT, "Already exists"),
    TOO_MANY_REQUESTS(HttpStatus.TOO_MANY_REQUESTS, "Too many requests"),
    INTERNAL(HttpStatus.INTERNAL_SERVER_ERROR, "Internal error");

    private final HttpStatus status;
    private final String title;

    ProblemType(HttpStatus status, String title) {
        this.status = status;
        this.title = title;
    }

    public HttpStatus status() {
        return status;
    }

    public String title() {
        return title;
    }

    public URI uri() {
        return URI.create("urn:keelwatch:problem:" + name().toLowerCase().replace('_', '-'));
    }
}
