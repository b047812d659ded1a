package io.keelwatch.inventory.rules;

import java.time.OffsetDateTime;

/** A repository rule as the API and pages show it: its pattern and the project it files repositories under. */
public record RepositoryRuleSummary(long id, String pattern, String project, OffsetDateTime createdAt, String createdBy) {
}
