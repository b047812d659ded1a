package io.keelwatch.signing.verify.sigstore;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.HexFormat;

/** Signature checks as Sigstore makes them: the hash follows the key (P-256 SHA-256, P-384 SHA-384, P-521 SHA-512). */
final class SigstoreSignatures {

    private SigstoreSignatures() {
    }

    /** Verifies a signature over the message itself. */
    static boolean verify(PublicKey key, byte[] message, byte[] signature) {
        String algorithm = null;
        if (key instanceof ECPublicKey ec) {
            algorithm = hashOf(ec).replace("-", "") + "withECDSA";
        } else if (key instanceof RSAPublicKey) {
            algorithm = "SHA256withRSA";
        } else if ("Ed25519".equals(key.getAlgorithm()) || "EdDSA".equals(key.getAlgorithm())) {
            algorithm = "Ed25519";
        }
        if (algorithm == null) {
            return false;
        }
        try {
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(key);
            verifier.update(message);
            return verifier.verify(signature);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            // a signature that is not even well-formed does not verify
            return false;
        }
    }

    /**
     * Verifies a signature over a message of which only the digest is known (a bundle's message digest):
     * ECDSA signs the digest itself, RSA PKCS#1 v1.5 the DigestInfo around it; Ed25519 cannot be checked so.
     */
    static boolean verifyDigest(PublicKey key, String hashAlgorithm, byte[] digest, byte[] signature) {
        try {
            if (key instanceof ECPublicKey) {
                Signature verifier = Signature.getInstance("NONEwithECDSA");
                verifier.initVerify(key);
                verifier.update(digest);
                return verifier.verify(signature);
            }
            if (key instanceof RSAPublicKey) {
                Signature verifier = Signature.getInstance("NONEwithRSA");
                verifier.initVerify(key);
                verifier.update(digestInfo(hashAlgorithm));
                verifier.update(digest);
                return verifier.verify(signature);
            }
            return false;
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    static byte[] digest(String hashAlgorithm, byte[] data) {
        try {
            return MessageDigest.getInstance(hashAlgorithm).digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("The JDK lacks " + hashAlgorithm, e);
        }
    }

    static byte[] sha256(byte[] data) {
        return digest("SHA-256", data);
    }

    static String sha256Hex(byte[] data) {
        return HexFormat.of().formatHex(sha256(data));
    }

    private static String hashOf(ECPublicKey key) {
        int bits = key.getParams().getCurve().getField().getFieldSize();
        return bits <= 256 ? "SHA-256" : bits <= 384 ? "SHA-384" : "SHA-512";
    }

    private static byte[] digestInfo(String hashAlgorithm) {
        String prefix = switch (hashAlgorithm) {
            case "SHA-256" -> "3031300d060960864801650304020105000420";
            case "SHA-384" -> "3041300d060960864801650304020205000430";
            case "SHA-512" -> "3051300d060960864801650304020305000440";
            default -> throw new IllegalArgumentException("No DigestInfo for " + hashAlgorithm);
        };
        return HexFormat.of().parseHex(prefix);
    }
}
