package io.keelwatch.platform;

import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;

/** Builds RFC 9457 problem details with Keelwatch's stable types. */
public final class Problems {

    private Problems() {
    }

    public static ProblemDetail of(ProblemType type, String detail, HttpServletRequest request) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(type.status(), detail);
        problem.setType(type.uri());
        problem.setTitle(type.title());
        problem.setInstance(URI.create(request.getRequestURI()));
        return problem;
    }

    static ProblemType typeFor(HttpStatusCode status) {
        if (status.value() == HttpStatus.CONTENT_TOO_LARGE.value()) {
            return ProblemType.PAYLOAD_TOO_LARGE;
        }
        if (status.value() == HttpStatus.NOT_FOUND.value()) {
            return ProblemType.NOT_FOUND;
        }
        if (status.value() == HttpStatus.UNSUPPORTED_MEDIA_TYPE.value()) {
            return ProblemType.UNSUPPORTED_REPORT_FORMAT;
        }
        if (status.value() == HttpStatus.FORBIDDEN.value()) {
            return ProblemType.FORBIDDEN;
        }
        if (status.value() == HttpStatus.CONFLICT.value()) {
            return ProblemType.CONFLICT;
        }
        if (status.value() == HttpStatus.TOO_MANY_REQUESTS.value()) {
            return ProblemType.TOO_MANY_REQUESTS;
        }
        if (status.value() == HttpStatus.UNAUTHORIZED.value()) {
            return ProblemType.UNAUTHENTICATED;
        }
        return status.is5xxServerError() ? ProblemType.INTERNAL : ProblemType.INVALID_REQUEST;
    }
}
