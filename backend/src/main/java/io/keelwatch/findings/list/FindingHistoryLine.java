package io.keelwatch.findings.list;

import io.keelwatch.audit.AuditTrailEntry;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One event of a finding's history as a person reads it: who did what, in a sentence ("set the
 * status from open to in progress and assigned it to bob"), and the words they wrote, if any. The
 * audit log keeps the event's before/after values; this is only how the page says them.
 */
record FindingHistoryLine(OffsetDateTime occurredAt, String actor, String text, String quote) {

    static FindingHistoryLine of(AuditTrailEntry event) {
        Map<String, Object> details = event.details();
        Map<?, ?> before = details.get("before") instanceof Map<?, ?> map ? map : Map.of();
        Map<?, ?> after = details.get("after") instanceof Map<?, ?> map ? map : Map.of();
        Object exception = details.get("exception");
        String text = switch (event.action()) {
            case "finding.triaged" -> triaged(before, after) + (Boolean.TRUE.equals(details.get("bulk")) ? " (bulk change)" : "");
            case "finding.commented" -> "commented";
            case "finding.exception-applied" -> "exception #" + exception + " " + statusChange(before, after);
            case "finding.exception-released" -> "revoked exception #" + exception + ": " + statusChange(before, after);
            case "finding.exception-expired" -> "exception #" + exception + " expired: " + statusChange(before, after);
            default -> event.action().replace('.', ' ').replace('-', ' ');
        };
        Object comment = details.get("comment");
        return new FindingHistoryLine(event.occurredAt(), event.actor(), text, comment == null ? null : comment.toString());
    }

    private static String triaged(Map<?, ?> before, Map<?, ?> after) {
        List<String> parts = new ArrayList<>();
        if (after.containsKey("status") && !String.valueOf(after.get("status")).equals(String.valueOf(before.get("status")))) {
            parts.add(statusChange(before, after));
        }
        if (after.containsKey("assignee") && !String.valueOf(after.get("assignee")).equals(String.valueOf(before.get("assignee")))) {
            String assignee = String.valueOf(after.get("assignee"));
            String previous = String.valueOf(before.get("assignee"));
            parts.add(assignee.isEmpty() ? "unassigned it (was " + previous + ")" : "assigned it to " + assignee);
        }
        return parts.isEmpty() ? "changed nothing" : String.join(" and ", parts);
    }

    private static String statusChange(Map<?, ?> before, Map<?, ?> after) {
        return "set the status from " + words(before.get("status")) + " to " + words(after.get("status"));
    }

    private static String words(Object status) {
        return status == null || status.toString().isEmpty() ? "none" : status.toString().replace('_', ' ');
    }
}
