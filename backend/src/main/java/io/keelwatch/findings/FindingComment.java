package io.keelwatch.findings;

import java.time.OffsetDateTime;

public record FindingComment(long id, long findingId, String author, String body, OffsetDateTime createdAt) {
}
