package io.keelwatch.platform;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.springframework.boot.webmvc.autoconfigure.error.AbstractErrorController;
import org.springframework.boot.webmvc.autoconfigure.error.ErrorViewResolver;
import org.springframework.boot.webmvc.error.ErrorAttributes;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.servlet.ModelAndView;

/**
 * Answers the servlet container's error dispatch, in place of Spring Boot's error controller:
 * requests no endpoint takes (an unknown path, a method or media type no handler maps) and
 * anything else that ends in {@code sendError}. API callers ({@code /api/**}, and anyone not
 * asking for HTML) get problem details like every other API error, never Spring Boot's error
 * JSON; browsers get the error page in the layout. Neither shows more than the status says.
 */
@Controller
@RequestMapping("${server.error.path:${error.path:/error}}")
// Every caller reaches this through the error dispatch, whatever the original request's rule was.
@PublicEndpoint
class ErrorDispatchController extends AbstractErrorController {

    static final String NOTHING_HERE = "There is nothing at this address.";

    ErrorDispatchController(ErrorAttributes errorAttributes, List<ErrorViewResolver> errorViewResolvers) {
        super(errorAttributes, errorViewResolvers);
    }

    /** Browsers; {@code /api/**} answers problem details even to a browser, as its other errors do. */
    @RequestMapping(produces = MediaType.TEXT_HTML_VALUE)
    Object page(HttpServletRequest request, HttpServletResponse response) {
        if (originalPath(request).startsWith(request.getContextPath() + "/api/")) {
            return problem(request);
        }
        HttpStatus status = status(request);
        CommonProblem kind = CommonProblem.forStatus(status);
        Map<String, Object> model = Map.of("status", status.value() + " " + kind.title(), "message", detail(kind, status, request));
        ModelAndView byStatus = resolveErrorView(request, response, status, model);
        return byStatus != null ? byStatus : new ModelAndView("error", model, status);
    }

    @RequestMapping
    ResponseEntity<ProblemDetail> problem(HttpServletRequest request) {
        HttpStatus status = status(request);
        CommonProblem kind = CommonProblem.forStatus(status);
        return ResponseEntity.status(status)
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(Problems.of(kind, status, detail(kind, status, request), instance(request)));
    }

    /**
     * The error's status; a request that came straight to the error path, not through an error
     * dispatch, has no error: there is nothing at this address (not a 500, which says we failed).
     */
    private HttpStatus status(HttpServletRequest request) {
        return request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE) == null ? HttpStatus.NOT_FOUND : getStatus(request);
    }

    private static String detail(CommonProblem kind, HttpStatus status, HttpServletRequest request) {
        if (request.getAttribute(ErrorReason.ATTRIBUTE) instanceof String reason) {
            return reason;
        }
        return switch (kind) {
            case NOT_FOUND -> NOTHING_HERE;
            case METHOD_NOT_ALLOWED -> request.getMethod() + " is not allowed here; the Allow header lists what is.";
            case NOT_ACCEPTABLE -> "Nothing here can be answered in a media type the Accept header names.";
            case UNSUPPORTED_MEDIA_TYPE -> "This address does not take a body of this Content-Type.";
            case FORBIDDEN -> "You may not do this.";
            case INTERNAL -> "Something went wrong; the server log has the details.";
            default -> status.getReasonPhrase() + ".";
        };
    }

    private static String originalPath(HttpServletRequest request) {
        Object path = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        return path instanceof String original ? original : request.getRequestURI();
    }

    /** The path the caller asked for; none if it is no valid URI (the error path must not fail itself). */
    private static URI instance(HttpServletRequest request) {
        try {
            return URI.create(originalPath(request));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
