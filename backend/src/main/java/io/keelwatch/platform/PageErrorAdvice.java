package io.keelwatch.platform;

import jakarta.servlet.http.HttpServletResponse;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;

/**
 * Browser pages show the same errors as the API, as a readable page with the right status.
 * Runs after {@link ApiProblemHandler}, which claims the REST controllers.
 */
@ControllerAdvice(annotations = Controller.class)
@Order(Ordered.LOWEST_PRECEDENCE)
class PageErrorAdvice {

    @ExceptionHandler(KeelwatchException.class)
    String keelwatch(KeelwatchException e, Model model, HttpServletResponse response) {
        response.setStatus(e.kind().status().value());
        model.addAttribute("status", e.kind().status().value() + " " + e.kind().title());
        model.addAttribute("message", e.getMessage());
        return "error";
    }
}
