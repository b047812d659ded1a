package io.keelwatch.inventory;

/** What a project slug may be: the database's check on {@code project.slug}, as validation and message. */
public final class ProjectSlugs {

    public static final String PATTERN = "[a-z0-9][a-z0-9-]{0,62}";
    public static final String RULE = "lower-case letters, digits and dashes, starting with a letter or digit, up to 63";

    private ProjectSlugs() {
    }

    public static boolean valid(String slug) {
        return slug != null && slug.matches(PATTERN);
    }
}
