package io.keelwatch.signing.verify.sigstore;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import io.keelwatch.signing.verify.Verification;
import tools.jackson.databind.JsonNode;

/**
 * Verifies a keyless cosign image signature as cosign stores it in a registry (the signature layer of
 * {@code sha256-….sig}): the simple-signing payload, the {@code dev.cosignproject.cosign/signature}
 * annotation, the {@code dev.sigstore.cosign/certificate} annotation and the {@code dev.sigstore.cosign/bundle}
 * annotation (the Rekor entry with its SignedEntryTimestamp), offline, against a {@link SigstoreTrustedRoot}:
 * the signature over the exact payload bytes with the certificate's key; the payload's
 * {@code docker-manifest-digest} equal to the image digest; the Rekor entry ({@code rekord} or
 * {@code hashedrekord} 0.0.1) recording this payload digest, signature and certificate, its SET verified with
 * the log's key; the certificate valid at the integrated time and chaining to a Fulcio CA of the root valid
 * then; the certificate's issuer and subject matching a trusted identity.
 */
public class CosignKeylessVerifier {

    /**
     * @param payload         the exact signed bytes (the layer's content)
     * @param signatureBase64 the {@code dev.cosignproject.cosign/signature} annotation
     * @param certificatePem  the {@code dev.sigstore.cosign/certificate} annotation
     * @param rekorBundleJson the {@code dev.sigstore.cosign/bundle} annotation, or null (then INVALID: offline,
     *                        nothing else vouches for the signing time)
     * @param expectedDigest  the image digest, {@code sha256:…}
     * @throws SigstoreFormatException when the signature is not base64 or the Rekor bundle cannot be read
     */
    public Verification verify(byte[] payload, String signatureBase64, String certificatePem, byte[] rekorBundleJson,
                               String expectedDigest, SigstoreTrustedRoot root, List<KeylessIdentity> identities) {
        Objects.requireNonNull(expectedDigest, "expectedDigest");
        byte[] signature = SigstoreJson.decodeBase64(signatureBase64.strip(), "The signature");
        List<String> reasons = new ArrayList<>();
        X509Certificate certificate;
        try {
            certificate = (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(certificatePem.getBytes(StandardCharsets.US_ASCII)));
        } catch (CertificateException | ClassCastException e) {
            reasons.add("The signing certificate does not parse.");
            return new Verification(Verification.Status.INVALID, null, null, null, reasons);
        }
        FulcioIdentity identity = FulcioIdentity.of(certificate);

        if (!SigstoreSignatures.verify(certificate.getPublicKey(), payload, signature)) {
            reasons.add("The signature does not verify over the payload with the signing certificate's key.");
        }
        String digest = SimpleSigningPayload.manifestDigest(payload);
        if (digest == null) {
            reasons.add("The payload is not a cosign simple-signing payload naming an image digest.");
        } else if (!digest.equalsIgnoreCase(expectedDigest)) {
            reasons.add("The signature is about " + digest + ", not " + expectedDigest + ".");
        }

        Instant signedAt = null;
        if (rekorBundleJson == null) {
            reasons.add("The signature has no Rekor bundle; offline, nothing vouches that it was logged or when.");
        } else {
            RekorEntry entry = rekorEntry(rekorBundleJson);
            signedAt = Instant.ofEpochSecond(entry.integratedTime());
            RekorChecks.checkMessageBody(entry, "SHA-256", SigstoreSignatures.sha256(payload), signature, certificate, reasons);
            RekorChecks.checkLog(entry, root, false, reasons);
            KeylessChecks.checkCertificate(certificate, signedAt, root, reasons);
        }
        return KeylessChecks.conclude(reasons, digest, identity, signedAt, identities);
    }

    /** {@code {"SignedEntryTimestamp": b64, "Payload": {"body": b64, "integratedTime", "logIndex", "logID": hex}}}. */
    private static RekorEntry rekorEntry(byte[] json) {
        JsonNode bundle = SigstoreJson.readObject(json, "The Rekor bundle");
        JsonNode payload = SigstoreJson.object(bundle, "Payload", "The Rekor bundle");
        String where = "The Rekor bundle's Payload";
        return new RekorEntry(SigstoreJson.base64(payload, "body", where),
                SigstoreJson.number(payload, "integratedTime", where), SigstoreJson.number(payload, "logIndex", where),
                SigstoreJson.text(payload, "logID", where), null, null,
                SigstoreJson.base64(bundle, "SignedEntryTimestamp", "The Rekor bundle"), null);
    }
}
