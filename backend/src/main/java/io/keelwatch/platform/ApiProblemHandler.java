package io.keelwatch.platform;

import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.sql.SQLException;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authorization.AuthorizationDeniedException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * The API's one error contract: every error leaves as {@code application/problem+json} with a
 * stable type. Spring MVC's own errors (bad parameters, upload limits, wrong media type) keep
 * their status and get a Keelwatch type; anything unexpected is logged and answered generically.
 */
@RestControllerAdvice(annotations = RestController.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
class ApiProblemHandler extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ApiProblemHandler.class);

    @ExceptionHandler(KeelwatchException.class)
    ResponseEntity<ProblemDetail> keelwatch(KeelwatchException e, HttpServletRequest request) {
        return ResponseEntity.status(e.kind().status()).body(Problems.of(e.kind(), e.getMessage(), request));
    }

    @ExceptionHandler({AccessDeniedException.class, AuthorizationDeniedException.class})
    ResponseEntity<ProblemDetail> denied(RuntimeException e, HttpServletRequest request) {
        return ResponseEntity.status(CommonProblem.FORBIDDEN.status())
                .body(Problems.of(CommonProblem.FORBIDDEN, "You may not do this.", request));
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> unexpected(Exception e, HttpServletRequest request) {
        if (refusedText(e)) {
            // a last line behind InboundTextFilter and InboundTextModule: text PostgreSQL cannot store is the caller's error
            return ResponseEntity.badRequest().body(Problems.of(CommonProblem.INVALID_REQUEST,
                    "Text may hold tabs and line breaks but no NUL or other control characters.", request));
        }
        log.error("Unhandled error on {} {}", request.getMethod(), request.getRequestURI(), e);
        return ResponseEntity.internalServerError()
                .body(Problems.of(CommonProblem.INTERNAL, "Something went wrong; the server log has the details.", request));
    }

    /** Bean Validation failures name each offending field, in the detail and as {@code errors}. */
    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex, HttpHeaders headers,
            HttpStatusCode status, WebRequest request) {
        Map<String, String> errors = new TreeMap<>();
        ex.getBindingResult().getFieldErrors().forEach(e -> errors.merge(e.getField(), e.getDefaultMessage(), (a, b) -> a + "; " + b));
        ex.getBindingResult().getGlobalErrors().forEach(e -> errors.merge(e.getObjectName(), e.getDefaultMessage(), (a, b) -> a + "; " + b));
        ex.getBody().setDetail(errors.entrySet().stream().map(e -> e.getKey() + ": " + e.getValue())
                .collect(Collectors.joining(", ", "Invalid request: ", ".")));
        ex.getBody().setProperty("errors", errors);
        return super.handleMethodArgumentNotValid(ex, headers, status, request);
    }

    @Override
    protected ResponseEntity<Object> handleExceptionInternal(Exception ex, Object body, HttpHeaders headers,
            HttpStatusCode statusCode, WebRequest request) {
        ResponseEntity<Object> response = super.handleExceptionInternal(ex, body, headers, statusCode, request);
        if (response != null && response.getBody() instanceof ProblemDetail problem) {
            ProblemKind kind = CommonProblem.forStatus(statusCode);
            problem.setType(kind.type());
            problem.setTitle(kind.title());
            if (problem.getInstance() == null) {
                problem.setInstance(URI.create(request.getDescription(false).replaceFirst("^uri=", "")));
            }
        }
        return response;
    }

    /** PostgreSQL's (and its driver's) refusal of a NUL character in text, anywhere in the cause chain. */
    private static boolean refusedText(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql && ("22021".equals(sql.getSQLState())
                    || String.valueOf(sql.getMessage()).contains("Zero bytes may not occur"))) {
                return true;
            }
        }
        return false;
    }
}
