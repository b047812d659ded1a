package io.keelwatch.access;

import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;

/**
 * A local account to create.
 *
 * @param password stored only as a hash (the delegating encoder's current default)
 * @param teams    slugs of the teams the user is a member of
 */
public record NewUser(
        @NotBlank @Pattern(regexp = "[A-Za-z0-9][A-Za-z0-9._@-]{0,99}", message = "letters, digits and . _ @ -, up to 100") String username,
        @NotBlank @Size(max = 200) String displayName,
        @Email @Size(max = 320) String email,
        @NotBlank @Size(min = 12, max = 200, message = "between 12 and 200 characters") String password,
        @NotNull Role role,
        List<@NotBlank String> teams) {

    @Override
    public String toString() {
        return "NewUser[username=" + username + ", role=" + role + ", teams=" + teams + "]";
    }
}
