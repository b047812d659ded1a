package io.keelwatch.audit;

/**
 * The audit log's filter as typed into a form or a query string, bound by Spring MVC for the page,
 * the API and both exports alike, and echoed back into the page's form.
 */
record AuditFilterParameters(String actor, String action, String targetType, String targetId, String outcome,
        String from, String to) {

    AuditFilter filter() {
        return AuditFilter.fromParameters(actor, action, targetType, targetId, outcome, from, to);
    }
}
