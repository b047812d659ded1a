package io.keelwatch.audit;

import io.keelwatch.platform.Page;
import io.keelwatch.platform.PageRequest;
import io.swagger.v3.oas.annotations.Operation;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springdoc.core.annotations.ParameterObject;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The audit log over the API, for auditors and admins (their tokens need {@code read}). */
@RestController
@RequestMapping("/api/v1/audit-events")
class AuditApiController {

    private final AuditService audit;

    AuditApiController(AuditService audit) {
        this.audit = audit;
    }

    @Operation(summary = "Audit events, newest first, filtered (auditors and admins)")
    @GetMapping
    @PreAuthorize("@access.canReadAuditLog()")
    Page<AuditEvent> events(@ParameterObject AuditFilterParameters parameters,
            @RequestParam(required = false) Integer page, @RequestParam(required = false) Integer size) {
        return audit.page(parameters.filter(), PageRequest.of(page, size, 50));
    }

    @Operation(summary = "Every matching audit event as CSV or a JSON array, oldest first, streamed (auditors and admins)")
    @GetMapping("/export")
    @PreAuthorize("@access.canReadAuditLog()")
    void export(@RequestParam(required = false) String format, @ParameterObject AuditFilterParameters parameters,
            HttpServletResponse response) throws IOException {
        audit.export(parameters.filter(), format, response);
    }
}
