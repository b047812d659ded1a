package io.keelwatch.access;

import io.keelwatch.audit.AuditEntry;
import io.keelwatch.audit.AuditLog;
import jakarta.servlet.http.HttpServletRequest;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;

/**
 * Writes every authorization refusal (a 403) to the audit log as {@code access.denied}, with the
 * method, path and why. Refusals reach here from two places: the chains' access-denied handlers
 * (filter-level refusals such as a missing CSRF token, and {@code @PreAuthorize} denials of
 * pages) and {@link AccessDeniedAuditInterceptor} (refusals a controller answered itself: API
 * {@code @PreAuthorize} denials and services' {@code forbidden} errors). A request is recorded
 * once, whichever sees it first. Records outside the caller's teams answer 404 and are not refusals.
 */
@Component
class AccessDenials {

    private static final String RECORDED = AccessDenials.class.getName() + ".recorded";

    private final AuditLog audit;

    AccessDenials(AuditLog audit) {
        this.audit = audit;
    }

    void record(HttpServletRequest request, String reason) {
        if (request.getAttribute(RECORDED) != null) {
            return;
        }
        request.setAttribute(RECORDED, Boolean.TRUE);
        Authentication caller = SecurityContextHolder.getContext().getAuthentication();
        boolean anonymous = caller == null || caller instanceof AnonymousAuthenticationToken || !caller.isAuthenticated();
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("method", request.getMethod());
        details.put("path", request.getRequestURI());
        details.put("reason", reason);
        audit.recordRefusal(new AuditEntry(anonymous ? "anonymous" : caller.getName(),
                anonymous ? AuditEntry.ActorType.anonymous : AuditEntry.ActorType.user, "access.denied",
                "endpoint", request.getMethod() + " " + request.getRequestURI(), null, AuditEntry.Outcome.denied, details));
    }
}
