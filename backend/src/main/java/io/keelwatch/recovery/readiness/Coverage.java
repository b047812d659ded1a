package io.keelwatch.recovery.readiness;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Which namespaces a Velero backup (or schedule, or restore) takes: {@code includedNamespaces} (none, or {@code *}:
 * every namespace) minus {@code excludedNamespaces}, each entry a glob as Velero 1.18 matches them
 * ({@code pkg/util/collections}: {@code *} any run of characters, {@code ?} one); a label selector makes the cover
 * partial (only labelled objects are taken). The same rule in Java ({@link #covers}) and in SQL ({@link #sql}).
 */
final class Coverage {

    private Coverage() {
    }

    static boolean covers(List<String> included, List<String> excluded, String namespace) {
        return (included.isEmpty() || included.stream().anyMatch(g -> matches(g, namespace)))
                && excluded.stream().noneMatch(g -> matches(g, namespace));
    }

    private static boolean matches(String glob, String namespace) {
        StringBuilder regex = new StringBuilder();
        for (char c : glob.toCharArray()) {
            regex.append(c == '*' ? ".*" : c == '?' ? "." : Pattern.quote(String.valueOf(c)));
        }
        return namespace.matches(regex.toString());
    }

    /** The same rule over the lists of {@code object} and the namespace column {@code n.namespace}. */
    static String sql(String object) {
        String like = "replace(replace(replace(g, '_', '\\_'), '*', '%'), '?', '_')";
        return "((cardinality(" + object + ".included_namespaces) = 0 or exists (select 1 from unnest(" + object
                + ".included_namespaces) g where n.namespace like " + like + ")) and not exists (select 1 from unnest("
                + object + ".excluded_namespaces) g where n.namespace like " + like + "))";
    }
}
