/**
 * Exceptions: their rows ({@code ExceptionRecords}, {@code ExceptionQueries}), the one matching rule
 * ({@code ExceptionMatching}), what they do to findings ({@code ExceptionEffects},
 * {@code ExceptionStatusWriter}), the expiry job, and their API and pages.
 */
package io.keelwatch.findings.exceptions;
