package io.keelwatch.findings.ingest.report;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A package URL ({@code pkg:type/namespace/name@version?qualifiers#subpath}), read as far as
 * Keelwatch needs one: to name a package when a report gives only its purl, and to compare
 * purls that scanners qualify differently.
 */
public record PackageUrl(String type, String namespace, String name, String version, Map<String, String> qualifiers) {

    /** Ecosystems whose package names include the namespace, as their own tools print them. */
    private static final Set<String> NAMESPACED_NAMES = Set.of("npm", "golang", "composer", "github", "swift", "oci");

    public static Optional<PackageUrl> parse(String purl) {
        if (purl == null || !purl.startsWith("pkg:")) {
            return Optional.empty();
        }
        String rest = purl.substring(4);
        while (rest.startsWith("/")) {
            rest = rest.substring(1);
        }
        int hash = rest.indexOf('#');
        if (hash >= 0) {
            rest = rest.substring(0, hash);
        }
        Map<String, String> qualifiers = new LinkedHashMap<>();
        int question = rest.indexOf('?');
        if (question >= 0) {
            for (String pair : rest.substring(question + 1).split("&")) {
                int equals = pair.indexOf('=');
                if (equals > 0) {
                    qualifiers.put(pair.substring(0, equals), decode(pair.substring(equals + 1)));
                }
            }
            rest = rest.substring(0, question);
        }
        int slash = rest.indexOf('/');
        if (slash <= 0) {
            return Optional.empty();
        }
        String type = rest.substring(0, slash);
        String path = rest.substring(slash + 1);
        String version = null;
        int at = path.lastIndexOf('@');
        if (at > path.lastIndexOf('/')) {
            version = decode(path.substring(at + 1));
            path = path.substring(0, at);
        }
        List<String> segments = new ArrayList<>();
        for (String segment : path.split("/")) {
            if (!segment.isEmpty()) {
                segments.add(decode(segment));
            }
        }
        if (segments.isEmpty()) {
            return Optional.empty();
        }
        String name = segments.remove(segments.size() - 1);
        String namespace = segments.isEmpty() ? null : String.join("/", segments);
        return Optional.of(new PackageUrl(type, namespace, name, version, qualifiers));
    }

    /**
     * The purl without qualifiers, which scanners fill differently for the same package
     * (Trivy {@code ?arch=x86_64&distro=3.10.2}, Grype {@code ?arch=x86_64&upstream=openssl&distro=alpine-3.10.2}).
     */
    public static String withoutQualifiers(String purl) {
        int question = purl.indexOf('?');
        if (question < 0) {
            return purl;
        }
        int hash = purl.indexOf('#', question);
        return purl.substring(0, question) + (hash < 0 ? "" : purl.substring(hash));
    }

    /**
     * The purl without version and qualifiers: the package at any version, which is how an
     * exception names it and how OpenVEX consumers match a version-less purl (any version).
     */
    public static String withoutVersion(String purl) {
        String plain = withoutQualifiers(purl);
        int hash = plain.indexOf('#');
        String subpath = hash < 0 ? "" : plain.substring(hash);
        String path = hash < 0 ? plain : plain.substring(0, hash);
        int at = path.lastIndexOf('@');
        return (at > path.lastIndexOf('/') ? path.substring(0, at) : path) + subpath;
    }

    /** The package name as the ecosystem prints it: Maven {@code group:artifact}, npm {@code @scope/name}, Debian {@code name}. */
    public String packageName() {
        return packageName(type, namespace, name);
    }

    /**
     * Joins a namespace (a CycloneDX {@code group}, a purl namespace) and a name the way the ecosystem
     * does; {@code type} is null for a component with a group but no (readable) purl, which keeps its
     * name alone.
     */
    public static String packageName(String type, String namespace, String name) {
        if (namespace == null || namespace.isEmpty() || type == null) {
            return name;
        }
        if ("maven".equals(type)) {
            return namespace + ":" + name;
        }
        return NAMESPACED_NAMES.contains(type) ? namespace + "/" + name : name;
    }

    /** Percent-decoding as purls use it: unlike form decoding, a '+' stays a '+'. */
    public static String decode(String text) {
        if (text.indexOf('%') < 0) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length());
        ByteArrayOutputStream escaped = new ByteArrayOutputStream();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '%' && i + 2 < text.length() && isHex(text.charAt(i + 1)) && isHex(text.charAt(i + 2))) {
                escaped.write(Integer.parseInt(text, i + 1, i + 3, 16));
                i += 2;
                continue;
            }
            if (escaped.size() > 0) {
                out.append(escaped.toString(StandardCharsets.UTF_8));
                escaped.reset();
            }
            out.append(c);
        }
        return out.append(escaped.toString(StandardCharsets.UTF_8)).toString();
    }

    private static boolean isHex(char c) {
        return Character.digit(c, 16) >= 0;
    }
}
