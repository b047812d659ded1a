package io.keelwatch.access;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * The shape of an API token: {@code kw_} and 32 random bytes in base62 (43 characters). The fixed
 * prefix lets secret scanners recognise a leaked token. Keelwatch keeps only the SHA-256 of a
 * token (a token has 256 random bits, so a fast hash is enough) and its first few characters,
 * which say which token it is without being usable.
 */
final class ApiTokenSecrets {

    static final String PREFIX = "kw_";
    /** Shortest token accepted at all (the bootstrap token is chosen by an operator, not generated). */
    static final int MIN_LENGTH = 32;
    private static final int RANDOM_BYTES = 32;
    private static final int ENCODED_LENGTH = 43;
    private static final int DISPLAY_CHARACTERS = 6;
    private static final char[] BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray();
    private static final BigInteger SIXTY_TWO = BigInteger.valueOf(62);
    private static final SecureRandom RANDOM = new SecureRandom();

    private ApiTokenSecrets() {
    }

    static String generate() {
        byte[] bytes = new byte[RANDOM_BYTES];
        RANDOM.nextBytes(bytes);
        char[] encoded = new char[ENCODED_LENGTH];
        BigInteger value = new BigInteger(1, bytes);
        for (int i = ENCODED_LENGTH - 1; i >= 0; i--) {
            BigInteger[] divided = value.divideAndRemainder(SIXTY_TWO);
            encoded[i] = BASE62[divided[1].intValue()];
            value = divided[0];
        }
        return PREFIX + new String(encoded);
    }

    /** Lower-case hex SHA-256 of the whole token, prefix included: what the database stores and looks up. */
    static String hash(String token) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    /** Whether a presented string has the token shape, so its display prefix may be shown. */
    static boolean wellFormed(String token) {
        return token != null && token.startsWith(PREFIX) && token.length() >= MIN_LENGTH && token.length() <= 200
                && token.substring(PREFIX.length()).chars().allMatch(c -> c < 128 && Character.isLetterOrDigit(c));
    }

    /** {@code kw_} and the next six characters: identifies a token in lists and the audit log, useless to an attacker. */
    static String displayPrefix(String token) {
        return token.substring(0, PREFIX.length() + DISPLAY_CHARACTERS);
    }
}
