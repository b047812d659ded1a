package io.keelwatch.signing.verify.notation;

import java.io.ByteArrayInputStream;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

/**
 * The part of a Notation trust policy Keelwatch applies: the trust store (x509 CA certificates, one of which
 * must appear in the signature's chain) and the trusted identities, each {@code "*"} or a distinguished name
 * ({@code x509.subject: C=US, ST=WA, O=Notary} or just the name) whose attributes the signing certificate's
 * subject must all carry, as Notation matches them.
 */
public record NotationTrustPolicy(List<X509Certificate> trustStore, List<String> trustedIdentities) {

    public NotationTrustPolicy {
        trustStore = List.copyOf(trustStore);
        trustedIdentities = List.copyOf(trustedIdentities);
    }

    /**
     * Reads trust-store certificates as Notation keeps them: PEM (one or several) or DER.
     *
     * @throws NotationFormatException when the bytes hold no certificate
     */
    public static List<X509Certificate> certificates(byte[] pemOrDer) {
        try {
            List<X509Certificate> certificates = new ArrayList<>();
            for (var certificate : CertificateFactory.getInstance("X.509").generateCertificates(new ByteArrayInputStream(pemOrDer))) {
                certificates.add((X509Certificate) certificate);
            }
            if (certificates.isEmpty()) {
                throw new NotationFormatException("The trust store file holds no certificate.");
            }
            return List.copyOf(certificates);
        } catch (CertificateException | ClassCastException e) {
            throw new NotationFormatException("The trust store file is not an X.509 certificate in PEM or DER.", e);
        }
    }
}
