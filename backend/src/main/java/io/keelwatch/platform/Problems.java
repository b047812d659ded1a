package io.keelwatch.platform;

import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;

/** Builds RFC 9457 problem details with Keelwatch's stable types. */
public final class Problems {

    private Problems() {
    }

    /** A problem about the request being answered, with the kind's own status. */
    public static ProblemDetail of(ProblemKind kind, String detail, HttpServletRequest request) {
        return of(kind, kind.status(), detail, URI.create(request.getRequestURI()));
    }

    /**
     * A problem with the status the response really has, which can differ from the kind's when
     * Spring or the container chose a status no kind has (it then reads as an invalid request).
     */
    static ProblemDetail of(ProblemKind kind, HttpStatusCode status, String detail, URI instance) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(kind.type());
        problem.setTitle(kind.title());
        problem.setInstance(instance);
        return problem;
    }
}
