package io.keelwatch.findings;

/**
 * A person's triage of one finding, or of every finding a filter selects. Absent fields stay as they are.
 *
 * @param assignee a username; an empty string removes the assignee
 * @param comment  added to the finding's comments and history
 */
public record TriageChange(FindingStatus status, String assignee, String comment) {

    public boolean empty() {
        return status == null && assignee == null && (comment == null || comment.isBlank());
    }
}
