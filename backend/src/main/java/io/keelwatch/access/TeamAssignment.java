package io.keelwatch.access;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.util.List;

/** @param teams slugs of every team the user is to be a member of; memberships not listed end */
public record TeamAssignment(@NotNull List<@NotBlank String> teams) {
}
