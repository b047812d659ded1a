package io.keelwatch.inventory;

import io.keelwatch.platform.RefusesUnknownFields;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;

/**
 * A project to create.
 *
 * @param team        slug of the team that owns it; the caller must see it
 * @param slug        lower-case letters, digits and dashes, unique across the installation (it names the project in
 *                    URLs and uploads)
 * @param tier        criticality, 1 (most critical) to 3; empty for 2
 * @param description what it is, for people deciding about its findings; optional
 * @param owners      usernames of the accounts to ask about it, each seeing the team; optional
 */
public record NewProject(
        @NotBlank String team,
        @NotBlank @Pattern(regexp = ProjectSlugs.PATTERN, message = ProjectSlugs.RULE) String slug,
        @NotBlank @Size(max = 200) String name,
        @Min(1) @Max(3) Integer tier,
        @Size(max = 2000) String description,
        @Size(max = 20) List<@NotBlank @Size(max = 100) String> owners) implements RefusesUnknownFields {

    public NewProject {
        owners = owners == null ? List.of() : List.copyOf(owners);
    }

    /** A project named after its slug, as an upload creates it. */
    public static NewProject named(String team, String slug) {
        return new NewProject(team, slug, slug, null, null, List.of());
    }
}
