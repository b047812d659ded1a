package io.keelwatch.audit;

import io.keelwatch.platform.PageRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.util.UriComponentsBuilder;

/** The audit log in the browser, for auditors and admins: filters, pages and export links. */
@Controller
class AuditPagesController {

    private final AuditService audit;

    AuditPagesController(AuditService audit) {
        this.audit = audit;
    }

    @GetMapping("/audit")
    @PreAuthorize("@access.canReadAuditLog()")
    String events(AuditFilterParameters parameters, @RequestParam(required = false) Integer page, Model model) {
        AuditFilter filter = parameters.filter();
        model.addAttribute("filter", filter);
        model.addAttribute("form", parameters);
        model.addAttribute("page", audit.page(filter, PageRequest.of(page, 50, 50)));
        model.addAttribute("actions", audit.actions());
        model.addAttribute("outcomes", AuditEntry.Outcome.values());
        String query = query(filter);
        model.addAttribute("pageBaseUrl", "/audit?" + query + (query.isEmpty() ? "" : "&"));
        model.addAttribute("csvUrl", "/audit/export?format=csv" + (query.isEmpty() ? "" : "&" + query));
        model.addAttribute("jsonUrl", "/audit/export?format=json" + (query.isEmpty() ? "" : "&" + query));
        return "audit/list";
    }

    /**
     * The export for the browser: the API's {@code /api/v1/audit-events/export} honours no session
     * cookie, so the page's download links come here, signed in by the session.
     */
    @GetMapping("/audit/export")
    @PreAuthorize("@access.canReadAuditLog()")
    void export(@RequestParam(required = false) String format, AuditFilterParameters parameters,
            HttpServletResponse response) throws IOException {
        audit.export(parameters.filter(), format, response);
    }

    /** What the person typed, to show it again in the form. */
    private static String query(AuditFilter filter) {
        UriComponentsBuilder url = UriComponentsBuilder.newInstance();
        add(url, "actor", filter.actor());
        add(url, "action", filter.action());
        add(url, "targetType", filter.targetType());
        add(url, "targetId", filter.targetId());
        add(url, "outcome", filter.outcome() == null ? null : filter.outcome().name());
        add(url, "from", utc(filter.from()));
        add(url, "to", utc(filter.to()));
        String query = url.encode().build().getQuery();
        return query == null ? "" : query;
    }

    /** In UTC, so the offset is a "Z" and never a "+" that a query string would turn into a space. */
    private static String utc(OffsetDateTime time) {
        return time == null ? null : time.withOffsetSameInstant(ZoneOffset.UTC).toString();
    }

    private static void add(UriComponentsBuilder url, String name, String value) {
        if (value != null) {
            url.queryParam(name, value);
        }
    }
}
