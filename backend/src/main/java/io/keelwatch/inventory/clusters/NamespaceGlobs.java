package io.keelwatch.inventory.clusters;

import io.keelwatch.platform.CommonProblem;
import io.keelwatch.platform.KeelwatchException;
import java.util.regex.Pattern;

/**
 * What a namespace rule's pattern is: a glob over a cluster's namespace names where {@code *} matches
 * any run of characters ({@code payments-*}; {@code *} alone is the cluster's catch-all), and how SQL
 * matches one. The longest matching pattern wins, then the oldest rule — as repository rules do.
 */
final class NamespaceGlobs {

    static final int MAX_LENGTH = 63;

    /**
     * The pattern column {@code %s} matching {@code :namespace}. Patterns hold only letters, digits,
     * {@code -} and {@code *} (checked here and by the table), so {@code *} is the only character LIKE
     * must see differently.
     */
    static final String MATCHES = ":namespace like replace(%s, '*', '%%')";

    /** Rules (alias {@code %s}) most specific first: the first that matches owns the namespace. */
    static final String MOST_SPECIFIC_FIRST = "length(%1$s.pattern) desc, %1$s.id";

    /** Characters of namespace names (DNS labels) and the wildcard, never doubled. */
    private static final Pattern ALLOWED = Pattern.compile("[a-z0-9*-]{1," + MAX_LENGTH + "}");

    private NamespaceGlobs() {
    }

    /** The pattern, or a 400 saying what a pattern may be. */
    static String checked(String pattern) {
        if (pattern == null || !ALLOWED.matcher(pattern).matches() || pattern.contains("**")) {
            throw new KeelwatchException(CommonProblem.INVALID_REQUEST, "A namespace rule is a glob of up to " + MAX_LENGTH
                    + " characters over namespace names, e.g. payments-*: lower-case letters, digits, - and * (any run of "
                    + "characters, not doubled); * alone gives the cluster's other namespaces to one project.");
        }
        return pattern;
    }
}
