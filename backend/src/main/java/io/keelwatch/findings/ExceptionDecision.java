package io.keelwatch.findings;

import io.keelwatch.platform.RefusesUnknownFields;

/**
 * The optional body of approving, rejecting or revoking an exception.
 *
 * @param comment what the lead says about the decision (at most 4000 characters), stored with the
 *                exception and in the audit log
 */
public record ExceptionDecision(String comment) implements RefusesUnknownFields {
}
