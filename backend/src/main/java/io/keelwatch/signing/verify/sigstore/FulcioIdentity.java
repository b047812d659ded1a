package io.keelwatch.signing.verify.sigstore;

import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;

/**
 * Who a Fulcio certificate names: the OIDC issuer (extension 1.3.6.1.4.1.57264.1.8, a DER UTF8String, or
 * the deprecated 1.3.6.1.4.1.57264.1.1, the raw string) and the subject alternative name (e-mail or URI).
 */
record FulcioIdentity(String issuer, String subject) {

    private static final String ISSUER_V2 = "1.3.6.1.4.1.57264.1.8";
    private static final String ISSUER_V1 = "1.3.6.1.4.1.57264.1.1";
    private static final int SAN_EMAIL = 1;
    private static final int SAN_URI = 6;

    static FulcioIdentity of(X509Certificate certificate) {
        String issuer = null;
        byte[] v2 = certificate.getExtensionValue(ISSUER_V2);
        if (v2 != null) {
            issuer = string(derContents(derContents(v2)));
        } else {
            byte[] v1 = certificate.getExtensionValue(ISSUER_V1);
            if (v1 != null) {
                issuer = string(derContents(v1));
            }
        }
        return new FulcioIdentity(issuer, subjectAlternativeName(certificate));
    }

    /** As people name the signer: {@code subject (issuer)}. */
    String signer() {
        String who = subject == null ? "(no subject)" : subject;
        return issuer == null ? who : who + " (" + issuer + ")";
    }

    private static String subjectAlternativeName(X509Certificate certificate) {
        Collection<List<?>> names;
        try {
            names = certificate.getSubjectAlternativeNames();
        } catch (CertificateParsingException e) {
            return null;
        }
        if (names == null) {
            return null;
        }
        for (List<?> name : names) {
            Object type = name.get(0);
            if ((Integer.valueOf(SAN_EMAIL).equals(type) || Integer.valueOf(SAN_URI).equals(type)) && name.get(1) instanceof String value) {
                return value;
            }
        }
        return null;
    }

    private static String string(byte[] bytes) {
        return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
    }

    /** The contents of one DER TLV (short or long length form), or null when it is not one. */
    private static byte[] derContents(byte[] der) {
        if (der == null || der.length < 2) {
            return null;
        }
        int length = der[1] & 0xff;
        int offset = 2;
        if (length > 0x7f) {
            int octets = length & 0x7f;
            if (octets == 0 || octets > 3 || der.length < 2 + octets) {
                return null;
            }
            length = 0;
            for (int i = 0; i < octets; i++) {
                length = (length << 8) | (der[2 + i] & 0xff);
            }
            offset = 2 + octets;
        }
        return offset + length <= der.length ? Arrays.copyOfRange(der, offset, offset + length) : null;
    }
}
