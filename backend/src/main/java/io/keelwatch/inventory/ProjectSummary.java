package io.keelwatch.inventory;

import java.time.OffsetDateTime;
import java.util.List;

/**
 * A project as the API and pages show it.
 *
 * @param tier       criticality, 1 (most critical) to 3
 * @param owners     usernames of the accounts to ask about it
 * @param archived   archived projects keep their scans and findings but take no new scan
 */
public record ProjectSummary(long id, String slug, String name, String team, int tier, String description,
        List<String> owners, boolean archived, OffsetDateTime archivedAt, OffsetDateTime createdAt) {

    public ProjectSummary {
        owners = owners == null ? List.of() : List.copyOf(owners);
    }
}
