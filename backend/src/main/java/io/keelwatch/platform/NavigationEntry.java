package io.keelwatch.platform;

/**
 * One link of the navigation bar. The module whose page it leads to declares it as a bean
 * ({@code @Bean NavigationEntry uploadEntry()}); the layout shows, by {@code order}, the entries the
 * caller may use and marks the one whose {@code section} the page names.
 *
 * <p>Who may see it is the {@code @access} rule of the page it leads to, written as that page's
 * {@code @PreAuthorize} names it (e.g. {@code "@access.canImportScans()"}), so a link shows only to
 * callers the page lets in. It is the rule's expression rather than a {@code Predicate<Viewer>}
 * because platform sits below the access module, and modules that access itself uses (audit) cannot
 * name its types.
 *
 * @param section the section its pages pass the layout, e.g. {@code "findings"}
 * @param label the link's text
 * @param path where it leads
 * @param order its place in the bar, smallest first
 * @param visibleTo the page's rule, {@code @access.<rule>()}
 */
public record NavigationEntry(String section, String label, String path, int order, String visibleTo) {

    public NavigationEntry {
        if (visibleTo == null || !visibleTo.matches("@access\\.\\w+\\(\\)")) {
            throw new IllegalArgumentException("Navigation entry " + label + ": visibleTo names an @access rule, "
                    + "e.g. \"@access.canRead()\", not " + visibleTo);
        }
    }
}
