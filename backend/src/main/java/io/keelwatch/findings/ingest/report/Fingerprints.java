package io.keelwatch.findings.ingest.report;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Set;

/**
 * Stable identities of findings within an image, the same for every parser:
 * vulnerability = id + package + installed version + where the package is (see below);
 * misconfiguration = check id + file + resource; secret = rule + file + hash of the matched line;
 * a Kubernetes workload's manifest finding = that, within the workload's namespace; a cluster's own
 * finding = that, within its object (namespace, kind, name).
 * Because every report goes through the same formula, the same vulnerability in the same package of
 * one image is one finding whichever scanner or report format reported it (docs/architecture.md,
 * "One finding, several sources").
 */
public final class Fingerprints {

    /**
     * Purl types of distribution packages: an image has one package database, so name and version
     * alone say which package it is, whatever path (the database file, the image itself) a format names.
     */
    private static final Set<String> DISTRIBUTION_PACKAGE_TYPES = Set.of("apk", "deb", "rpm", "alpm", "ebuild");

    private Fingerprints() {
    }

    /** Whether a purl names a distribution (OS) package. */
    public static boolean isDistributionPackage(String purl) {
        return PackageUrl.parse(purl).map(p -> DISTRIBUTION_PACKAGE_TYPES.contains(p.type().toLowerCase(Locale.ROOT)))
                .orElse(false);
    }

    /** A vulnerability of a distribution package: where the report says it is does not count. */
    public static String distributionPackageVulnerability(String vulnerabilityId, String packageName, String installedVersion) {
        return hash("vuln", vulnerabilityId, packageName, installedVersion, "");
    }

    /**
     * A vulnerability of a language package (a jar, a wheel, a lockfile's entry): the file it was found
     * in, so one library in two files stays two findings. Scanners write paths inside an image with
     * and without a leading slash, so that does not count. Without a file, the purl (without
     * qualifiers, which scanners fill differently: Trivy {@code ?arch=x86_64&distro=3.10.2}, Grype
     * {@code ?arch=x86_64&upstream=openssl&distro=alpine-3.10.2}) or whatever else names the package.
     *
     * @param file      the package's file within the scanned artifact, or null when the report names none
     * @param otherwise a purl or another name of the package, used only without a file
     */
    public static String packageVulnerability(String vulnerabilityId, String packageName, String installedVersion,
            String file, String otherwise) {
        String where = file != null ? withinArtifact(file)
                : otherwise != null && otherwise.startsWith("pkg:") ? PackageUrl.withoutQualifiers(otherwise) : otherwise;
        return hash("vuln", vulnerabilityId, packageName, installedVersion, where);
    }

    /** A path inside the scanned artifact as every format's fingerprint reads it: without leading {@code ./} or {@code /}. */
    static String withinArtifact(String path) {
        int start = 0;
        while (start < path.length()) {
            if (path.startsWith("/", start)) {
                start++;
            } else if (path.startsWith("./", start)) {
                start += 2;
            } else {
                break;
            }
        }
        return path.substring(start);
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
