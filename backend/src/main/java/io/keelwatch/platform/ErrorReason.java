package io.keelwatch.platform;

import jakarta.servlet.http.HttpServletRequest;

/**
 * The reason Keelwatch gives for a refusal that ends in the container's error dispatch (a filter's
 * {@code sendError}, a page's access denial): the error page and problem details say it in place of
 * the status's generic text.
 */
public final class ErrorReason {

    static final String ATTRIBUTE = ErrorReason.class.getName();

    private ErrorReason() {
    }

    public static void attach(HttpServletRequest request, String reason) {
        request.setAttribute(ATTRIBUTE, reason);
    }
}
