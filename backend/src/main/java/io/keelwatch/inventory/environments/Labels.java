package io.keelwatch.inventory.environments;

import io.keelwatch.platform.CommonProblem;
import io.keelwatch.platform.KeelwatchException;
import java.util.regex.Pattern;

/**
 * Names of environments and clusters, and the namespaces of a cluster: DNS labels as Kubernetes
 * names namespaces (RFC 1123), so they read the same in URLs, agents' configuration and kubectl.
 */
public final class Labels {

    public static final int MAX_LENGTH = 63;
    private static final Pattern LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");

    private Labels() {
    }

    public static boolean isLabel(String value) {
        return value != null && LABEL.matcher(value).matches();
    }

    /** The name, or a 400 saying what {@code what} (e.g. "A cluster name") may be. */
    public static String checked(String value, String what) {
        if (!isLabel(value)) {
            throw new KeelwatchException(CommonProblem.INVALID_REQUEST, what + " is a DNS label: 1 to " + MAX_LENGTH
                    + " lower-case letters, digits and dashes, starting and ending with a letter or digit (e.g. prod-eu).");
        }
        return value;
    }
}
