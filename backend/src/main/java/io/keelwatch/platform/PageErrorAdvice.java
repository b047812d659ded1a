package io.keelwatch.platform;

import jakarta.servlet.http.HttpServletResponse;
import java.time.temporal.Temporal;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.springframework.beans.TypeMismatchException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindException;
import org.springframework.validation.FieldError;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;

/**
 * Browser pages show the same errors as the API, as a readable page in the layout (so with the
 * navigation) under the right status. Runs after {@link ApiProblemHandler}, which claims the REST
 * controllers. Values a page cannot take — a page number or a date that is none, a status no form
 * offers — are the caller's mistake: 400 saying which value, or 404 when it is part of the address
 * (no record can have it). They are answered here, in the page's own dispatch, whatever the request
 * accepts: an htmx request accepts anything and must not get problem JSON. The layout's interceptor does not
 * reach exception handlers, so the layout's parts are added from each {@link LayoutModel}.
 */
@ControllerAdvice(annotations = Controller.class)
@Order(Ordered.LOWEST_PRECEDENCE)
class PageErrorAdvice {

    /** Rejected values are shown back (escaped by {@code th:text}), but not at any length. */
    private static final int SHOWN_VALUE_LENGTH = 80;

    private final List<LayoutModel> layout;

    PageErrorAdvice(List<LayoutModel> layout) {
        this.layout = layout;
    }

    @ExceptionHandler(KeelwatchException.class)
    String keelwatch(KeelwatchException e, Model model, HttpServletResponse response) {
        return page(e.kind(), e.getMessage(), model, response);
    }

    @ExceptionHandler(TypeMismatchException.class)
    String mismatch(TypeMismatchException e, Model model, HttpServletResponse response) {
        if (e instanceof MethodArgumentTypeMismatchException argument && argument.getParameter().hasParameterAnnotation(PathVariable.class)) {
            return page(CommonProblem.NOT_FOUND, ErrorDispatchController.NOTHING_HERE, model, response);
        }
        return page(CommonProblem.INVALID_REQUEST, invalid(e.getPropertyName(), e.getValue(), e.getRequiredType()), model, response);
    }

    /** A form or query bound to a record ({@code @ModelAttribute}) with a value of the wrong type. */
    @ExceptionHandler(BindException.class)
    String binding(BindException e, Model model, HttpServletResponse response) {
        FieldError field = e.getFieldError();
        String message = field == null ? "The form has a value this page cannot take."
                : invalid(field.getField(), field.getRejectedValue(), e.getBindingResult().getFieldType(field.getField()));
        return page(CommonProblem.INVALID_REQUEST, message, model, response);
    }

    @ExceptionHandler(MissingServletRequestParameterException.class)
    String missing(MissingServletRequestParameterException e, Model model, HttpServletResponse response) {
        return page(CommonProblem.INVALID_REQUEST, "The form is missing '" + e.getParameterName() + "'.", model, response);
    }

    private String page(ProblemKind kind, String message, Model model, HttpServletResponse response) {
        HttpStatus status = kind.status();
        response.setStatus(status.value());
        model.addAttribute("status", status.value() + " " + kind.title());
        model.addAttribute("message", message);
        layout.forEach(part -> part.addTo(model));
        return "error";
    }

    /** Says which value was refused and what the field takes, in the form's own names. */
    static String invalid(String name, Object value, Class<?> type) {
        String shown = String.valueOf(value);
        if (shown.length() > SHOWN_VALUE_LENGTH) {
            shown = shown.substring(0, SHOWN_VALUE_LENGTH) + "…";
        }
        String refused = "'" + shown + "' is not a valid " + name;
        if (type != null && type.isEnum()) {
            return refused + "; it is one of " + Arrays.stream(type.getEnumConstants()).map(String::valueOf)
                    .collect(Collectors.joining(", ")) + ".";
        }
        if (type != null && (Number.class.isAssignableFrom(type) || type == int.class || type == long.class)) {
            return refused + ": a whole number is expected.";
        }
        if (type != null && Temporal.class.isAssignableFrom(type)) {
            return refused + ": a date like 2030-12-31 is expected.";
        }
        return refused + ".";
    }
}
