package io.keelwatch.inventory;

public record ProjectRef(long id, String slug, String name, long teamId, String teamSlug, String criticality) {
}
