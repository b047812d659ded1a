package io.keelwatch.recovery.readiness;

import java.time.OffsetDateTime;

/** What a person attached to a restore: a health check (passed or failed; null: a note only) and the note. */
public record Evidence(long id, Boolean passed, String note, String createdBy, OffsetDateTime createdAt) {
}
