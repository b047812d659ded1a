package io.keelwatch.platform;

import com.fasterxml.jackson.annotation.JsonAnySetter;

/**
 * A JSON request body that refuses fields it does not have (400) instead of ignoring them: a
 * misspelt field of a change would otherwise change nothing, silently. Jackson hands every such
 * field to the any-setter, which refuses it.
 */
public interface RefusesUnknownFields {

    @JsonAnySetter
    default void unknownField(String name, Object value) {
        throw new IllegalArgumentException("Unknown field '" + name + "'");
    }
}
