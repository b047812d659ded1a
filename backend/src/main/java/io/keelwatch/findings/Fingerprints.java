package io.keelwatch.findings;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Stable identities of findings within an image, the same for every parser:
 * vulnerability = id + package + installed version + package path (or purl);
 * misconfiguration = check id + file + resource; secret = rule + file + hash of the matched line.
 */
final class Fingerprints {

    private Fingerprints() {
    }

    static String vulnerability(String vulnerabilityId, String packageName, String installedVersion, String location) {
        return hash("vuln", vulnerabilityId, packageName, installedVersion, location);
    }

    static String misconfiguration(String checkId, String file, String resource) {
        return hash("misconf", checkId, file, resource);
    }

    static String secret(String ruleId, String file, String matchedLine) {
        return hash("secret", ruleId, file, hash(matchedLine));
    }

    static String hash(String... parts) {
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
