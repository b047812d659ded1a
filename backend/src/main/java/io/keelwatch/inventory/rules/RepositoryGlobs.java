package io.keelwatch.inventory.rules;

import io.keelwatch.platform.CommonProblem;
import io.keelwatch.platform.KeelwatchException;
import java.util.regex.Pattern;

/**
 * What a repository rule's pattern is: a glob over image repositories where {@code *} matches any
 * run of characters ({@code ghcr.io/acme/payments-*}), and how SQL matches one. The longest pattern
 * that matches wins (then the oldest rule).
 */
public final class RepositoryGlobs {

    public static final int MAX_LENGTH = 255;

    /** The pattern column {@code %s} as a LIKE pattern that {@code :repository} is matched against. */
    public static final String MATCHES = ":repository like replace(replace(replace(replace(%s, '\\', '\\\\'), '%%', '\\%%'), "
            + "'_', '\\_'), '*', '%%')";

    /** The rule most specific for {@code :repository} first: order rules (alias {@code %s}) by this. */
    public static final String MOST_SPECIFIC_FIRST = "length(%1$s.pattern) desc, %1$s.id";

    /** Characters of image references (registry host and port, path, tag or digest separators) and the wildcard. */
    private static final Pattern ALLOWED = Pattern.compile("[A-Za-z0-9._:/@*-]+");

    private RepositoryGlobs() {
    }

    /** The pattern, trimmed, or a 400 saying what a pattern may be. */
    public static String checked(String pattern) {
        String glob = pattern == null ? "" : pattern.strip();
        if (glob.isEmpty() || glob.length() > MAX_LENGTH || !ALLOWED.matcher(glob).matches() || glob.contains("**")
                || glob.chars().allMatch(c -> c == '*')) {
            throw new KeelwatchException(CommonProblem.INVALID_REQUEST, "A repository rule is a glob of up to " + MAX_LENGTH
                    + " characters over image repositories, e.g. ghcr.io/acme/payments-*: letters, digits, . _ : / @ - and * "
                    + "(any run of characters, not doubled), naming at least part of a repository.");
        }
        return glob;
    }
}
