package io.keelwatch.access;

/** A person as other features name them (an assignee, an approver). */
public record UserRef(long id, String username, String displayName) {
}
