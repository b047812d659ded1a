package io.keelwatch.access;

import jakarta.validation.constraints.Future;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Size;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * A token to create.
 *
 * @param name      what it is for ("payments CI"), shown in lists
 * @param owner     username of the person it acts for; empty for the caller (only admins name someone else)
 * @param team      slug of the one team it is limited to, which its owner must see; empty for all the owner's teams
 * @param scopes    {@code scans:write}, {@code alerts:write}, {@code signatures:write}, {@code recovery:write},
 *                  {@code inventory:write}, {@code projects:write}, {@code read}, {@code admin}
 * @param expiresAt when it stops working; empty for never
 * @param cluster   name of the one cluster whose agent uses it (owner: a lead or an admin; scopes: only
 *                  {@code inventory:write}, {@code alerts:write}, {@code recovery:write}; no team); empty for a token not bound to a cluster
 */
public record NewApiToken(
        @NotBlank @Size(max = 100) String name,
        @Size(max = 100) String owner,
        @Size(max = 63) String team,
        @NotEmpty List<@NotBlank String> scopes,
        @Future OffsetDateTime expiresAt,
        @Size(max = 63) String cluster) {

    /** A token bound to no cluster. */
    public NewApiToken(String name, String owner, String team, List<String> scopes, OffsetDateTime expiresAt) {
        this(name, owner, team, scopes, expiresAt, null);
    }
}
