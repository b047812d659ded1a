package io.keelwatch.findings.ingest;

import io.keelwatch.platform.CommonProblem;
import io.keelwatch.platform.ProblemResponseWriter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.multipart.MultipartException;
import org.springframework.web.servlet.HandlerExceptionResolver;
import org.springframework.web.servlet.ModelAndView;

/**
 * A multipart report upload the servlet container cannot read (no boundary, a body that ends before
 * its closing boundary) fails before any controller is chosen, out of reach of the API's problem
 * handler, and would end as a 500. It is the caller's mistake: 400, as problem details for the API
 * and the error page for the upload form. A part over the size limit stays Spring's 413.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class UnreadableMultipartUploads implements HandlerExceptionResolver {

    private static final Logger log = LoggerFactory.getLogger(UnreadableMultipartUploads.class);
    /** The endpoints that take reports as multipart uploads. */
    private static final Set<String> UPLOADS = Set.of("/api/v1/scans", "/scans/upload");

    private final ProblemResponseWriter problems;

    UnreadableMultipartUploads(ProblemResponseWriter problems) {
        this.problems = problems;
    }

    @Override
    public ModelAndView resolveException(HttpServletRequest request, HttpServletResponse response, Object handler,
            Exception e) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        if (!(e instanceof MultipartException) || e instanceof MaxUploadSizeExceededException || !UPLOADS.contains(path)) {
            return null;
        }
        // the container's reason can name its temporary files, so it goes to the log, not to the caller
        log.info("Unreadable multipart upload to {}: {}", path, NestedExceptionUtils.getMostSpecificCause(e).getMessage());
        try {
            if (path.startsWith("/api/")) {
                problems.write(response, CommonProblem.INVALID_REQUEST, "The multipart/form-data body could not be read: it "
                        + "needs a boundary in its Content-Type and must end with the closing boundary. Send the report as "
                        + "the part 'file', or as the request body.", request);
            } else {
                response.sendError(HttpStatus.BAD_REQUEST.value());
            }
        } catch (IOException unanswerable) {
            return null;
        }
        return new ModelAndView();
    }
}
