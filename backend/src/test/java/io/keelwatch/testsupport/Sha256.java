package io.keelwatch.testsupport;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 in lower-case hex, computed by the test itself, so an expected digest never comes from the code it checks. */
public final class Sha256 {

    private Sha256() {
    }

    public static String hex(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String hex(String text) {
        return hex(text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The digest Keelwatch gives an artifact that has none of its own: SHA-256 of its type and name,
     * each followed by a NUL byte. Stored images are keyed by it, so it must never change.
     */
    public static String derivedDigest(String artifactType, String name) {
        return "sha256:" + hex(artifactType + "\0" + name + "\0");
    }
}
