package io.keelwatch.inventory.clusters;

import java.time.OffsetDateTime;

/**
 * A namespace rule as lists show it.
 *
 * @param project the slug of the project its namespaces belong to
 * @param team    the slug of that project's team
 */
public record NamespaceRuleSummary(long id, String pattern, String project, String projectName, String team,
        OffsetDateTime createdAt, String createdBy) {
}
