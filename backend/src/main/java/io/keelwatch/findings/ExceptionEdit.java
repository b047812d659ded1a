package io.keelwatch.findings;

import java.time.OffsetDateTime;

/**
 * A change to an exception; a null field stays as it is. While proposed, its proposer (or a lead)
 * may change all three; once approved, a lead may change only the expiry.
 *
 * @param packageName a package name, or {@code ""} for any package
 * @param expiresAt   a new expiry, in the future (an expiry cannot be removed: propose a new exception)
 */
public record ExceptionEdit(String justification, OffsetDateTime expiresAt, String packageName) {

    boolean empty() {
        return justification == null && expiresAt == null && packageName == null;
    }
}
