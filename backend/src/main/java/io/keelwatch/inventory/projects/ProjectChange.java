package io.keelwatch.inventory.projects;

import io.keelwatch.platform.RefusesUnknownFields;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;

/**
 * What to change of a project; empty fields stay as they are. A project's team and slug never change.
 *
 * @param description an empty one removes the description
 * @param owners      exactly these owners (an empty list: none)
 */
public record ProjectChange(
        @Size(max = 200) @Pattern(regexp = "(?s).*\\S.*", message = "must not be blank") String name,
        @Min(1) @Max(3) Integer tier,
        @Size(max = 2000) String description,
        @Size(max = 20) List<@NotBlank @Size(max = 100) String> owners) implements RefusesUnknownFields {
}
