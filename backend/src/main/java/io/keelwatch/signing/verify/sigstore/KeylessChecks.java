package io.keelwatch.signing.verify.sigstore;

import java.security.GeneralSecurityException;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateParsingException;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Set;

import io.keelwatch.signing.verify.Verification;
import io.keelwatch.signing.verify.sigstore.SigstoreTrustedRoot.CertificateAuthority;

/** The checks every keyless signature shares: the Fulcio certificate at the signing time, then who signed. */
final class KeylessChecks {

    private static final String CODE_SIGNING = "1.3.6.1.5.5.7.3.3";

    private KeylessChecks() {
    }

    /**
     * The certificate must have been valid when the log integrated the entry, be for code signing, and chain
     * (PKIX, at that time) to a Fulcio CA of the trust root that was valid then. Intermediates come from the
     * trust root, as cosign and sigstore-java take them, not from the signature material.
     */
    static void checkCertificate(X509Certificate certificate, Instant signedAt, SigstoreTrustedRoot root, List<String> reasons) {
        if (signedAt.isBefore(certificate.getNotBefore().toInstant()) || signedAt.isAfter(certificate.getNotAfter().toInstant())) {
            reasons.add("Signed at " + signedAt + ", outside the signing certificate's validity (" + certificate.getNotBefore().toInstant()
                    + " to " + certificate.getNotAfter().toInstant() + ").");
            return;
        }
        try {
            List<String> usages = certificate.getExtendedKeyUsage();
            if (usages == null || !usages.contains(CODE_SIGNING)) {
                reasons.add("The signing certificate is not for code signing.");
            }
        } catch (CertificateParsingException e) {
            reasons.add("The signing certificate's extended key usage does not parse.");
        }
        List<CertificateAuthority> authorities = root.certificateAuthorities().stream().filter(ca -> ca.validAt(signedAt)).toList();
        if (authorities.isEmpty()) {
            reasons.add("No Fulcio certificate authority of the trust root was valid at the signing time " + signedAt + ".");
            return;
        }
        for (CertificateAuthority authority : authorities) {
            if (chains(certificate, authority, signedAt)) {
                return;
            }
        }
        reasons.add("The signing certificate does not chain to a Fulcio certificate authority of the trust root valid at " + signedAt + ".");
    }

    /** VERIFIED, UNTRUSTED_SIGNER or INVALID once every cryptographic check has added its reasons. */
    static Verification conclude(List<String> reasons, String digest, FulcioIdentity identity, Instant signedAt,
                                 List<KeylessIdentity> identities) {
        String signer = identity == null ? null : identity.signer();
        if (!reasons.isEmpty()) {
            return new Verification(Verification.Status.INVALID, digest, signer, signedAt, reasons);
        }
        boolean trusted = identities.stream().anyMatch(trustedIdentity -> trustedIdentity.matches(identity.issuer(), identity.subject()));
        if (!trusted) {
            return new Verification(Verification.Status.UNTRUSTED_SIGNER, digest, signer, signedAt,
                    List.of("Signed by " + signer + ", which no trusted keyless identity matches."));
        }
        return new Verification(Verification.Status.VERIFIED, digest, signer, signedAt, List.of());
    }

    private static boolean chains(X509Certificate certificate, CertificateAuthority authority, Instant at) {
        List<X509Certificate> chain = authority.chain();
        List<X509Certificate> path = new ArrayList<>();
        path.add(certificate);
        path.addAll(chain.subList(0, chain.size() - 1));
        try {
            PKIXParameters parameters = new PKIXParameters(Set.of(new TrustAnchor(chain.get(chain.size() - 1), null)));
            parameters.setRevocationEnabled(false);
            parameters.setDate(Date.from(at));
            CertPathValidator.getInstance("PKIX").validate(CertificateFactory.getInstance("X.509").generateCertPath(path), parameters);
            return true;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }
}
