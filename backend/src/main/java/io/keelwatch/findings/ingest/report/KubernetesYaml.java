package io.keelwatch.findings.ingest.report;

import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * Recognises Trivy Operator's custom resources in YAML, as {@code kubectl get … -o yaml} prints them
 * (one resource, several separated by {@code ---}, or a {@code List}), from the start of an upload.
 */
public final class KubernetesYaml {

    /** The API group of Trivy Operator's resources ({@code aquasecurity.github.io/v1alpha1}). */
    public static final String TRIVY_OPERATOR_GROUP = "aquasecurity.github.io/";

    private static final Pattern OPERATOR_API_VERSION =
            Pattern.compile("(?m)^[ \\t-]*apiVersion:[ \\t]*[\"']?aquasecurity\\.github\\.io/");
    private static final Pattern EMPTY_LIST_ITEMS = Pattern.compile("(?m)^items:[ \\t]*\\[\\][ \\t]*$");
    private static final Pattern LIST_KIND = Pattern.compile("(?m)^kind:[ \\t]*[\"']?List[\"']?[ \\t]*$");

    private KubernetesYaml() {
    }

    /** Whether the upload starts as YAML (not JSON) holding Trivy Operator resources, or an empty List of anything. */
    public static boolean isTrivyOperatorYaml(byte[] head) {
        String text = new String(head, StandardCharsets.UTF_8);
        String start = text.stripLeading();
        if (start.startsWith("\uFEFF")) {
            start = start.substring(1).stripLeading();
        }
        if (start.isEmpty() || start.startsWith("{") || start.startsWith("[")) {
            return false;
        }
        return OPERATOR_API_VERSION.matcher(text).find()
                || EMPTY_LIST_ITEMS.matcher(text).find() && LIST_KIND.matcher(text).find();
    }

    /** Whether a whole upload is YAML rather than JSON (its first character opens no JSON value). */
    public static boolean isYaml(String text) {
        String start = text.startsWith("\uFEFF") ? text.substring(1).stripLeading() : text.stripLeading();
        return !start.startsWith("{") && !start.startsWith("[");
    }
}
