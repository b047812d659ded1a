package io.keelwatch.access;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** @param slug lower-case letters, digits and dashes, as in URLs and API parameters */
public record NewTeam(
        @NotBlank @Pattern(regexp = "[a-z0-9][a-z0-9-]{0,62}", message = "lower-case letters, digits and dashes, up to 63") String slug,
        @NotBlank @Size(max = 200) String name) {
}
