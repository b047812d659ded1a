package io.keelwatch.inventory.rules;

/**
 * Which project an upload of {@code repository} without {@code project} would go to: the most
 * specific rule and its project, both empty when no rule the caller may see takes it.
 */
public record RepositoryMatch(String repository, Rule rule, Project project) {

    public record Rule(long id, String pattern) {
    }

    /** @param archived an archived project takes no new scan: the upload would be refused */
    public record Project(String slug, String name, String team, boolean archived) {
    }
}
