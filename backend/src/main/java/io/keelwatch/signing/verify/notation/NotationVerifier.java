package io.keelwatch.signing.verify.notation;

import java.io.ByteArrayInputStream;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.security.auth.x500.X500Principal;

import io.keelwatch.signing.verify.Verification;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Verifies a Notation (Notary Project) signature envelope, JWS ({@code application/jose+json}) or COSE
 * ({@code application/cose}), signing scheme {@code notary.x509}, as {@code notation verify} does at the
 * trust policy's strict level, offline:
 * <ul>
 * <li>integrity: the content type is Notation's payload, every critical header is one Notation defines and
 * Keelwatch understands (signing scheme, expiry), the signature (PS256/384/512, ES256/384/512) verifies with
 * the leaf certificate over the exact signed bytes;</li>
 * <li>the payload's target artifact digest equals the expected digest;</li>
 * <li>the certificate chain: each certificate issued by the next, the last a self-signed root, every one valid
 * at the signing time and now (Keelwatch does not verify RFC 3161 countersignatures, so, as Notation does
 * without a trusted timestamp, the chain must still be valid), the signature not past its expiry;</li>
 * <li>authenticity: a certificate of the chain is in the trust store, else UNTRUSTED_SIGNER;</li>
 * <li>the trusted identities: {@code "*"} or a distinguished name the leaf's subject carries, else UNTRUSTED_SIGNER.</li>
 * </ul>
 * Not checked: revocation (OCSP, CRL), timestamp countersignatures, the {@code notary.x509.signingAuthority}
 * scheme, verification plugins.
 */
public class NotationVerifier {

    public static final String JWS = "application/jose+json";
    public static final String COSE = "application/cose";

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Set<String> UNDERSTOOD_CRITICAL = Set.of(NotationEnvelope.SIGNING_SCHEME, NotationEnvelope.EXPIRY);

    private final Clock clock;

    public NotationVerifier(Clock clock) {
        this.clock = clock;
    }

    /**
     * @param envelope       the signature envelope's bytes (the blob of the signature manifest's layer)
     * @param mediaType      {@link #JWS} or {@link #COSE} (the layer's media type), or null to tell by the first byte
     * @param expectedDigest the image digest, {@code sha256:…}
     * @throws NotationFormatException when the envelope cannot be read (not JWS or COSE, truncated, no certificate chain)
     */
    public Verification verify(byte[] envelope, String mediaType, String expectedDigest, NotationTrustPolicy policy) {
        Objects.requireNonNull(expectedDigest, "expectedDigest");
        NotationEnvelope signed = parse(envelope, mediaType);
        List<String> reasons = new ArrayList<>();
        List<X509Certificate> chain = new ArrayList<>();
        try {
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            for (byte[] der : signed.certificateChain()) {
                chain.add((X509Certificate) factory.generateCertificate(new ByteArrayInputStream(der)));
            }
        } catch (CertificateException | ClassCastException e) {
            reasons.add("A certificate of the signature's chain does not parse.");
            return new Verification(Verification.Status.INVALID, null, null, signed.signingTime(), reasons);
        }
        X509Certificate leaf = chain.get(0);
        String signer = leaf.getSubjectX500Principal().getName(X500Principal.RFC2253);

        checkHeaders(signed, reasons);
        if (!verifySignature(signed.algorithm(), leaf.getPublicKey(), signed.signingInput(), signed.signature())) {
            reasons.add("The signature does not verify with the signing certificate's key.");
        }
        String digest = targetDigest(signed.payload(), reasons);
        if (digest != null && !digest.equalsIgnoreCase(expectedDigest)) {
            reasons.add("The signature is about " + digest + ", not " + expectedDigest + ".");
        }
        checkChain(chain, signed, reasons);
        if (!reasons.isEmpty()) {
            return new Verification(Verification.Status.INVALID, digest, signer, signed.signingTime(), reasons);
        }
        boolean anchored = chain.stream().anyMatch(certificate -> policy.trustStore().stream().anyMatch(trusted -> same(trusted, certificate)));
        if (!anchored) {
            return new Verification(Verification.Status.UNTRUSTED_SIGNER, digest, signer, signed.signingTime(),
                    List.of("No certificate of the signature's chain is in the trust store."));
        }
        if (policy.trustedIdentities().stream().noneMatch(identity -> identityMatches(identity, leaf))) {
            return new Verification(Verification.Status.UNTRUSTED_SIGNER, digest, signer, signed.signingTime(),
                    List.of("Signed by " + signer + ", which no trusted identity of the policy names."));
        }
        return new Verification(Verification.Status.VERIFIED, digest, signer, signed.signingTime(), List.of());
    }

    private static NotationEnvelope parse(byte[] envelope, String mediaType) {
        if (envelope == null || envelope.length == 0) {
            throw new NotationFormatException("The signature envelope is empty.");
        }
        String type = mediaType != null ? mediaType : envelope[0] == '{' ? JWS : COSE;
        return switch (type) {
            case JWS -> NotationJws.parse(envelope);
            case COSE -> NotationCose.parse(envelope);
            default -> throw new NotationFormatException("The signature envelope type " + mediaType + " is neither "
                    + JWS + " nor " + COSE + ".");
        };
    }

    private static void checkHeaders(NotationEnvelope signed, List<String> reasons) {
        if (!NotationEnvelope.CONTENT_TYPE.equals(signed.contentType())) {
            reasons.add("The signed content type is " + signed.contentType() + ", not Notation's payload " + NotationEnvelope.CONTENT_TYPE + ".");
        }
        if (!"notary.x509".equals(signed.signingScheme())) {
            reasons.add("The signing scheme is " + signed.signingScheme() + "; Keelwatch verifies notary.x509 signatures only.");
        }
        if (signed.signingTime() == null) {
            reasons.add("The signature has no signing time.");
        }
        for (String critical : signed.critical()) {
            if (!UNDERSTOOD_CRITICAL.contains(critical)) {
                reasons.add("The signature marks header " + critical + " critical, which Keelwatch does not understand.");
            } else if (!signed.protectedHeaderNames().contains(critical)) {
                reasons.add("The signature marks header " + critical + " critical but does not carry it.");
            }
        }
        for (String required : List.of(NotationEnvelope.SIGNING_SCHEME, NotationEnvelope.EXPIRY)) {
            if (signed.protectedHeaderNames().contains(required) && !signed.critical().contains(required)) {
                reasons.add("The signature carries " + required + " without marking it critical.");
            }
        }
    }

    private void checkChain(List<X509Certificate> chain, NotationEnvelope signed, List<String> reasons) {
        Instant now = clock.instant();
        if (signed.expiry() != null && now.isAfter(signed.expiry())) {
            reasons.add("The signature expired at " + signed.expiry() + ".");
        }
        for (int i = 0; i < chain.size(); i++) {
            X509Certificate certificate = chain.get(i);
            String name = certificate.getSubjectX500Principal().getName(X500Principal.RFC2253);
            Instant from = certificate.getNotBefore().toInstant();
            Instant until = certificate.getNotAfter().toInstant();
            if (signed.signingTime() != null && (signed.signingTime().isBefore(from) || signed.signingTime().isAfter(until))) {
                reasons.add("Signed at " + signed.signingTime() + ", outside the validity of certificate " + name + " (" + from + " to " + until + ").");
            }
            if (now.isBefore(from) || now.isAfter(until)) {
                reasons.add("Certificate " + name + " is not valid now (" + from + " to " + until + ").");
            }
            X509Certificate issuer = i + 1 < chain.size() ? chain.get(i + 1) : certificate;
            if (!certificate.getIssuerX500Principal().equals(issuer.getSubjectX500Principal()) || !signedBy(certificate, issuer.getPublicKey())) {
                reasons.add(i + 1 < chain.size()
                        ? "Certificate " + name + " is not issued by the next certificate of the chain."
                        : "The certificate chain does not end in a self-signed root certificate.");
            }
            if (i > 0 && certificate.getBasicConstraints() < 0) {
                reasons.add("Certificate " + name + " issues the chain's certificates but is no certificate authority.");
            }
        }
        boolean[] usage = chain.get(0).getKeyUsage();
        if (usage != null && !usage[0]) {
            reasons.add("The signing certificate's key usage does not allow digital signatures.");
        }
    }

    private static String targetDigest(byte[] payload, List<String> reasons) {
        try {
            JsonNode digest = JSON.readTree(payload).path("targetArtifact").path("digest");
            if (digest.isString()) {
                return digest.stringValue();
            }
        } catch (JacksonException e) {
            // answered below
        }
        reasons.add("The signed payload names no target artifact digest.");
        return null;
    }

    private static boolean verifySignature(String algorithm, PublicKey key, byte[] signedBytes, byte[] signature) {
        if (algorithm == null || algorithm.length() != 5) {
            return false;
        }
        int bits = Integer.parseInt(algorithm.substring(2));
        String hash = "SHA-" + bits;
        try {
            Signature verifier;
            if (algorithm.startsWith("PS") && key instanceof RSAPublicKey) {
                verifier = Signature.getInstance("RSASSA-PSS");
                verifier.setParameter(new PSSParameterSpec(hash, "MGF1", new MGF1ParameterSpec(hash), bits / 8, 1));
            } else if (algorithm.startsWith("ES") && key instanceof ECPublicKey ec && curveBits(ec) == (bits == 512 ? 521 : bits)) {
                verifier = Signature.getInstance("SHA" + bits + "withECDSAinP1363Format");
            } else {
                return false;
            }
            verifier.initVerify(key);
            verifier.update(signedBytes);
            return verifier.verify(signature);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    private static int curveBits(ECPublicKey key) {
        return key.getParams().getCurve().getField().getFieldSize();
    }

    private static boolean signedBy(X509Certificate certificate, PublicKey key) {
        try {
            certificate.verify(key);
            return true;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private static boolean same(X509Certificate a, X509Certificate b) {
        try {
            return Arrays.equals(a.getEncoded(), b.getEncoded());
        } catch (CertificateException e) {
            return false;
        }
    }

    /** Notation's rule: every attribute of the trusted identity's name is in the leaf's subject. */
    private static boolean identityMatches(String identity, X509Certificate leaf) {
        String trimmed = identity.strip();
        if ("*".equals(trimmed)) {
            return true;
        }
        if (trimmed.startsWith("x509.subject:")) {
            trimmed = trimmed.substring("x509.subject:".length()).strip();
        }
        Set<String> wanted = attributes(trimmed);
        return !wanted.isEmpty() && attributes(leaf.getSubjectX500Principal().getName(X500Principal.RFC2253)).containsAll(wanted);
    }

    private static Set<String> attributes(String distinguishedName) {
        Set<String> attributes = new HashSet<>();
        try {
            for (Rdn rdn : new LdapName(distinguishedName).getRdns()) {
                attributes.add(rdn.getType().toUpperCase(Locale.ROOT) + "=" + rdn.getValue());
            }
        } catch (InvalidNameException | IllegalArgumentException e) {
            return Set.of();
        }
        return attributes;
    }
}
