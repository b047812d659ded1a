package io.keelwatch.signing.verify.sigstore;

import java.io.ByteArrayInputStream;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.X509EncodedKeySpec;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

import tools.jackson.databind.JsonNode;

/**
 * A Sigstore {@code trusted_root.json} (media type {@code application/vnd.dev.sigstore.trustedroot+json}),
 * read into JDK objects: the Fulcio certificate authorities whose certificates sign keyless signers, the
 * Rekor transparency logs whose keys sign log entries and checkpoints, and, kept for completeness but not
 * used in verification, the certificate-transparency logs and timestamp authorities. Each has the window
 * in which the root vouches for it.
 */
public final class SigstoreTrustedRoot {

    /**
     * A Fulcio CA: its chain as the root lists it (issuing certificate first, self-signed root last).
     *
     * @param validUntil null while the CA still issues
     */
    public record CertificateAuthority(String uri, List<X509Certificate> chain, Instant validFrom, Instant validUntil) {

        public CertificateAuthority {
        }

        boolean validAt(Instant time) {
            return SigstoreTrustedRoot.within(time, validFrom, validUntil);
        }
    }

    /**
     * A transparency log (Rekor) or certificate-transparency log.
     *
     * @param logId the log's id, lower-case hex of the SHA-256 of its DER public key, as entries name it
     */
    public record TransparencyLog(String baseUrl, String logId, PublicKey publicKey, Instant validFrom, Instant validUntil) {

        boolean validAt(Instant time) {
            return SigstoreTrustedRoot.within(time, validFrom, validUntil);
        }
    }

    private final List<CertificateAuthority> certificateAuthorities;
    private final List<TransparencyLog> transparencyLogs;
    private final List<TransparencyLog> ctLogs;
    private final List<CertificateAuthority> timestampAuthorities;

    private SigstoreTrustedRoot(List<CertificateAuthority> certificateAuthorities, List<TransparencyLog> transparencyLogs,
                                List<TransparencyLog> ctLogs, List<CertificateAuthority> timestampAuthorities) {
        this.certificateAuthorities = List.copyOf(certificateAuthorities);
        this.transparencyLogs = List.copyOf(transparencyLogs);
        this.ctLogs = List.copyOf(ctLogs);
        this.timestampAuthorities = List.copyOf(timestampAuthorities);
    }

    /**
     * Reads a {@code trusted_root.json}.
     *
     * @throws SigstoreFormatException when it is not one: not JSON, another media type, a key or certificate
     *                                 that does not parse, a date that is none, or no CA and no log at all
     */
    public static SigstoreTrustedRoot parse(byte[] json) {
        JsonNode root = SigstoreJson.readObject(json, "The trusted root");
        String mediaType = SigstoreJson.text(root, "mediaType", "The trusted root");
        if (!mediaType.startsWith("application/vnd.dev.sigstore.trustedroot")) {
            throw new SigstoreFormatException("The trusted root has media type \"" + mediaType
                    + "\", not application/vnd.dev.sigstore.trustedroot+json.");
        }
        var cas = authorities(root, "certificateAuthorities");
        var tlogs = logs(root, "tlogs");
        if (cas.isEmpty() || tlogs.isEmpty()) {
            throw new SigstoreFormatException("The trusted root names no Fulcio certificate authority or no transparency log;"
                    + " keyless signatures need both.");
        }
        return new SigstoreTrustedRoot(cas, tlogs, logs(root, "ctlogs"), authorities(root, "timestampAuthorities"));
    }

    public List<CertificateAuthority> certificateAuthorities() {
        return certificateAuthorities;
    }

    public List<TransparencyLog> transparencyLogs() {
        return transparencyLogs;
    }

    public List<TransparencyLog> ctLogs() {
        return ctLogs;
    }

    public List<CertificateAuthority> timestampAuthorities() {
        return timestampAuthorities;
    }

    Optional<TransparencyLog> transparencyLog(String logIdHex) {
        return transparencyLogs.stream().filter(log -> log.logId().equalsIgnoreCase(logIdHex)).findFirst();
    }

    private static List<CertificateAuthority> authorities(JsonNode root, String field) {
        List<CertificateAuthority> result = new ArrayList<>();
        JsonNode list = root.get(field);
        if (list == null || list.isNull()) {
            return result;
        }
        if (!list.isArray()) {
            throw new SigstoreFormatException("The trusted root's \"" + field + "\" is not an array.");
        }
        int index = 0;
        for (JsonNode ca : list) {
            String where = "The trusted root's " + field + "[" + index++ + "]";
            JsonNode certificates = SigstoreJson.array(SigstoreJson.object(ca, "certChain", where), "certificates", where);
            List<X509Certificate> chain = new ArrayList<>();
            for (JsonNode certificate : certificates) {
                chain.add(certificate(SigstoreJson.base64(certificate, "rawBytes", where), where));
            }
            if (chain.isEmpty()) {
                throw new SigstoreFormatException(where + " has an empty certificate chain.");
            }
            JsonNode validFor = SigstoreJson.object(ca, "validFor", where);
            result.add(new CertificateAuthority(SigstoreJson.optionalText(ca, "uri"), chain,
                    instant(validFor, "start", where, true), instant(validFor, "end", where, false)));
        }
        return result;
    }

    private static List<TransparencyLog> logs(JsonNode root, String field) {
        List<TransparencyLog> result = new ArrayList<>();
        JsonNode list = root.get(field);
        if (list == null || list.isNull()) {
            return result;
        }
        if (!list.isArray()) {
            throw new SigstoreFormatException("The trusted root's \"" + field + "\" is not an array.");
        }
        int index = 0;
        for (JsonNode log : list) {
            String where = "The trusted root's " + field + "[" + index++ + "]";
            JsonNode key = SigstoreJson.object(log, "publicKey", where);
            byte[] logId = SigstoreJson.base64(SigstoreJson.object(log, "logId", where), "keyId", where);
            JsonNode validFor = SigstoreJson.object(key, "validFor", where);
            result.add(new TransparencyLog(SigstoreJson.optionalText(log, "baseUrl"), HexFormat.of().formatHex(logId),
                    publicKey(SigstoreJson.base64(key, "rawBytes", where), where),
                    instant(validFor, "start", where, true), instant(validFor, "end", where, false)));
        }
        return result;
    }

    static X509Certificate certificate(byte[] der, String where) {
        try {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der));
        } catch (CertificateException | ClassCastException e) {
            throw new SigstoreFormatException(where + " holds a certificate that does not parse.", e);
        }
    }

    /** A DER SubjectPublicKeyInfo of whichever kind Sigstore uses (ECDSA, RSA, Ed25519). */
    static PublicKey publicKey(byte[] der, String where) {
        for (String algorithm : List.of("EC", "RSA", "Ed25519")) {
            try {
                return KeyFactory.getInstance(algorithm).generatePublic(new X509EncodedKeySpec(der));
            } catch (GeneralSecurityException e) {
                // try the next kind
            }
        }
        throw new SigstoreFormatException(where + " holds a public key that is not ECDSA, RSA or Ed25519 in DER.");
    }

    private static Instant instant(JsonNode validFor, String field, String where, boolean required) {
        String value = required ? SigstoreJson.text(validFor, field, where + " validFor") : SigstoreJson.optionalText(validFor, field);
        if (value == null) {
            return null;
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new SigstoreFormatException(where + " validFor." + field + " \"" + value + "\" is not a time.", e);
        }
    }

    static boolean within(Instant time, Instant from, Instant until) {
        return !time.isBefore(from) && (until == null || !time.isAfter(until));
    }
}
