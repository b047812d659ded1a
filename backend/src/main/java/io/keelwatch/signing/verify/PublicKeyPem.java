package io.keelwatch.signing.verify;

import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A public key as people hand it over: one PEM {@code PUBLIC KEY} block (what {@code cosign generate-key-pair}
 * writes to {@code cosign.pub}). Everything else is refused with a reason a person can act on: private keys
 * (never accepted, whatever the format), certificates (trusting a certificate's key would ignore its expiry
 * and chain: keyless signers are trusted by identity and trust root instead), PKCS#1 RSA keys, unsupported
 * curves and malformed PEM.
 *
 * @param key         the key
 * @param algorithm   {@code ecdsa-p256}, {@code ecdsa-p384}, {@code rsa} or {@code ed25519}
 * @param fingerprint {@code SHA256:} and the unpadded base64 of the SHA-256 of the DER public key
 * @param pem         the key in canonical PEM (64-character lines)
 */
public record PublicKeyPem(PublicKey key, String algorithm, String fingerprint, String pem) {

    /** At most this many characters of PEM are read: an RSA 8192-bit key is about 1.5 KB. */
    public static final int MAX_LENGTH = 16384;

    private static final Pattern BLOCK = Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----([A-Za-z0-9+/=\\s]*)-----END \\1-----");
    private static final Pattern ANY_BEGIN = Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----");
    private static final List<String> PRIVATE = List.of("PRIVATE KEY", "EC PRIVATE KEY", "RSA PRIVATE KEY",
            "ENCRYPTED PRIVATE KEY", "DSA PRIVATE KEY", "OPENSSH PRIVATE KEY", "ENCRYPTED SIGSTORE PRIVATE KEY",
            "ENCRYPTED COSIGN PRIVATE KEY");

    /** Why a key is refused; {@link #privateKey()} says whether it was private key material. */
    public static final class Refused extends Exception {
        private final boolean privateKey;

        Refused(String message, boolean privateKey) {
            super(message);
            this.privateKey = privateKey;
        }

        public boolean privateKey() {
            return privateKey;
        }
    }

    /** The one public key in {@code text}, or the reason it is none. */
    public static PublicKeyPem parse(String text) throws Refused {
        if (text == null || text.isBlank()) {
            throw new Refused("Paste a PEM public key (-----BEGIN PUBLIC KEY----- …).", false);
        }
        if (text.length() > MAX_LENGTH) {
            throw new Refused("A public key has at most " + MAX_LENGTH + " characters of PEM.", false);
        }
        Matcher begin = ANY_BEGIN.matcher(text);
        while (begin.find()) {
            String label = begin.group(1);
            if (PRIVATE.contains(label) || label.contains("PRIVATE")) {
                throw new Refused("This is a private key (" + label + "): Keelwatch never takes private keys. Send the public key"
                        + " (cosign.pub, or `cosign public-key --key cosign.key`) and keep the private key where it is.", true);
            }
        }
        Matcher block = BLOCK.matcher(text.strip());
        if (!block.matches()) {
            throw new Refused("Not one well-formed PEM block: expected -----BEGIN PUBLIC KEY-----, base64, -----END PUBLIC KEY-----"
                    + " and nothing around it.", false);
        }
        String label = block.group(1);
        if (label.equals("CERTIFICATE")) {
            throw new Refused("This is a certificate, not a key. Trust a keyless signer by its identity (issuer and subject) and"
                    + " the trust root, or trust the key itself: `openssl x509 -pubkey -noout -in cert.pem`.", false);
        }
        if (label.equals("RSA PUBLIC KEY")) {
            throw new Refused("This is a PKCS#1 RSA key; send it as a PUBLIC KEY block:"
                    + " `openssl rsa -RSAPublicKey_in -in key.pem -pubout`.", false);
        }
        if (!label.equals("PUBLIC KEY")) {
            throw new Refused("A PEM block of type '" + label + "' is no public key; expected PUBLIC KEY.", false);
        }
        byte[] der;
        try {
            der = Base64.getMimeDecoder().decode(block.group(2).replaceAll("\\s", ""));
        } catch (IllegalArgumentException e) {
            throw new Refused("The PEM body is not valid base64.", false);
        }
        return fromDer(der);
    }

    /** A DER SubjectPublicKeyInfo as a supported key, or the reason it is not one. */
    public static PublicKeyPem fromDer(byte[] der) throws Refused {
        for (String algorithm : List.of("EC", "RSA", "Ed25519")) {
            PublicKey key;
            try {
                key = KeyFactory.getInstance(algorithm).generatePublic(new X509EncodedKeySpec(der));
            } catch (InvalidKeySpecException | NoSuchAlgorithmException | ClassCastException e) {
                continue;
            }
            return new PublicKeyPem(key, name(key), fingerprint(key.getEncoded()), pem(key.getEncoded()));
        }
        throw new Refused("The PEM block holds no ECDSA, RSA or Ed25519 public key Keelwatch can read.", false);
    }

    private static String name(PublicKey key) throws Refused {
        if (key instanceof ECPublicKey ec) {
            int bits = ec.getParams().getCurve().getField().getFieldSize();
            String curve = ec.getParams().toString().toLowerCase(Locale.ROOT);
            if (bits == 256 && (curve.contains("secp256r1") || curve.contains("p-256") || curve.contains("prime256v1"))) {
                return "ecdsa-p256";
            }
            if (bits == 384 && (curve.contains("secp384r1") || curve.contains("p-384"))) {
                return "ecdsa-p384";
            }
            throw new Refused("ECDSA keys on P-256 or P-384 only; this key's curve has " + bits + " bits.", false);
        }
        if (key instanceof RSAPublicKey rsa) {
            if (rsa.getModulus().bitLength() < 2048) {
                throw new Refused("RSA keys need at least 2048 bits; this one has " + rsa.getModulus().bitLength() + ".", false);
            }
            return "rsa";
        }
        return "ed25519";
    }

    /** {@code SHA256:} and the unpadded base64 of the SHA-256 of the DER public key (as ssh-keygen prints fingerprints). */
    public static String fingerprint(byte[] der) {
        try {
            return "SHA256:" + Base64.getEncoder().withoutPadding().encodeToString(MessageDigest.getInstance("SHA-256").digest(der));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String pem(byte[] der) {
        return "-----BEGIN PUBLIC KEY-----\n"
                + new String(Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encode(der), StandardCharsets.US_ASCII)
                + "\n-----END PUBLIC KEY-----\n";
    }
}
