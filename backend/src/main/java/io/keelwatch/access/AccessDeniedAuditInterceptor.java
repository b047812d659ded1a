package io.keelwatch.access;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.web.servlet.DispatcherServlet;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * Sees the 403s controllers answer themselves (the API's problem handler turns {@code @PreAuthorize}
 * denials and {@code forbidden} errors into a 403 before any security filter sees them).
 */
final class AccessDeniedAuditInterceptor implements HandlerInterceptor {

    private final AccessDenials denials;

    AccessDeniedAuditInterceptor(AccessDenials denials) {
        this.denials = denials;
    }

    @Override
    public void afterCompletion(HttpServletRequest request, HttpServletResponse response, Object handler, Exception ex) {
        // a resolved exception (the API's problem handler answered it) is only in this attribute
        if (ex instanceof AccessDeniedException || request.getAttribute(DispatcherServlet.EXCEPTION_ATTRIBUTE) instanceof AccessDeniedException) {
            denials.record(request, "not_authorized");
        } else if (response.getStatus() == HttpStatus.FORBIDDEN.value()) {
            denials.record(request, "forbidden");
        }
    }
}
