package io.keelwatch.access;

import java.time.OffsetDateTime;
import java.util.List;

/** An account as administrators see it; never its password hash. {@code teams} are team slugs. */
public record UserSummary(long id, String username, String displayName, String email, Role role, boolean enabled,
        List<String> teams, OffsetDateTime createdAt, OffsetDateTime lastLoginAt) {
}
