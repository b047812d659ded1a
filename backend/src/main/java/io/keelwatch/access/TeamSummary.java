package io.keelwatch.access;

public record TeamSummary(long id, String slug, String name) {
}
