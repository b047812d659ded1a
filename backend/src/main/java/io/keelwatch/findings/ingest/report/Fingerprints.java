package io.keelwatch.findings.ingest.report;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Stable identities of findings within an image, the same for every parser:
 * vulnerability = id + package + installed version + package path (or purl);
 * misconfiguration = check id + file + resource; secret = rule + file + hash of the matched line;
 * a Kubernetes workload's manifest finding = that, within the workload's namespace; a cluster's own
 * finding = that, within its object (namespace, kind, name).
 * Because every scanner's report goes through the same formula, the same vulnerability in the
 * same package of one image is one finding whichever scanner reported it.
 */
public final class Fingerprints {

    private Fingerprints() {
    }

    /**
     * @param location where the package is: its path, or its purl, which counts without qualifiers
     *                 because scanners qualify the same package differently (arch, distro, upstream)
     */
    public static String vulnerability(String vulnerabilityId, String packageName, String installedVersion, String location) {
        String where = location != null && location.startsWith("pkg:") ? PackageUrl.withoutQualifiers(location) : location;
        return hash("vuln", vulnerabilityId, packageName, installedVersion, where);
    }

    public static String misconfiguration(String checkId, String file, String resource) {
        return hash("misconf", checkId, file, resource);
    }

    public static String secret(String ruleId, String file, String matchedLine) {
        return hash("secret", ruleId, file, hash(matchedLine));
    }

    public static String inNamespace(String namespace, String fingerprint) {
        return hash("namespace", namespace, fingerprint);
    }

    /** A finding's fingerprint within one object of a cluster (a cluster finding's subject is the whole cluster). */
    public static String inClusterObject(String namespace, String kind, String name, String fingerprint) {
        return hash("cluster-object", namespace, kind, name, fingerprint);
    }

    public static String hash(String... parts) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (String part : parts) {
                digest.update((part == null ? "" : part).getBytes(StandardCharsets.UTF_8));
                digest.update((byte) 0);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
