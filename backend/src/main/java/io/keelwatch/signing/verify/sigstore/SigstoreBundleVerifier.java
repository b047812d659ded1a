package io.keelwatch.signing.verify.sigstore;

import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.keelwatch.signing.verify.Verification;
import tools.jackson.databind.JsonNode;

/**
 * Verifies a Sigstore bundle (media types {@code application/vnd.dev.sigstore.bundle+json;version=0.1},
 * {@code 0.2}, {@code 0.3} and {@code application/vnd.dev.sigstore.bundle.v0.3+json}) signed keylessly with
 * a Fulcio certificate, offline, against a {@link SigstoreTrustedRoot}:
 * <ul>
 * <li>the signature: a {@code messageSignature} over the artifact's digest, or a {@code dsseEnvelope}'s
 * signature over its pre-authentication encoding, with the certificate's key;</li>
 * <li>what it is about, equal to {@code expectedDigest}: a DSSE in-toto statement's subject digests, a
 * cosign simple-signing payload's {@code docker-manifest-digest} (DSSE, or the artifact itself when it is
 * one), else the signed artifact's own digest;</li>
 * <li>the Rekor entry: its body records this signature, certificate and digest; the signed entry
 * timestamp (required in v0.1), the inclusion proof and its checkpoint (required from v0.2) verify with
 * the log's key from the trust root;</li>
 * <li>the certificate: valid at the entry's integrated time and chaining to a Fulcio CA valid then;</li>
 * <li>the signer: the certificate's OIDC issuer and subject match one of {@code identities}.</li>
 * </ul>
 * Not checked: certificate-transparency SCTs, RFC 3161 timestamps in the bundle (the log's integrated
 * time is the signing time), key-signed bundles (a public-key hint instead of a certificate).
 */
public class SigstoreBundleVerifier {

    private static final Pattern MEDIA_TYPE = Pattern.compile(
            "application/vnd\\.dev\\.sigstore\\.bundle(?:\\+json;version=0\\.([123])|\\.v0\\.([123])(?:\\.\\d+)?\\+json)");
    private static final String IN_TOTO = "application/vnd.in-toto+json";

    /**
     * @param bundleJson     the bundle as written by cosign, sigstore-java, sigstore-js or GitHub
     * @param artifact       the signed bytes when the caller has them (a blob, or a simple-signing payload), else
     *                       null: a message signature is then checked over the bundle's digest alone
     * @param expectedDigest what the signature must be about, {@code sha256:…} (the image or artifact digest)
     * @param root           the trust root of the Sigstore instance
     * @param identities     the keyless signers trusted; none trusted gives UNTRUSTED_SIGNER at best
     * @throws SigstoreFormatException when the bundle cannot be read (not JSON, truncated, unknown media type,
     *                                 a required field missing)
     */
    public Verification verify(byte[] bundleJson, byte[] artifact, String expectedDigest, SigstoreTrustedRoot root,
                               List<KeylessIdentity> identities) {
        Objects.requireNonNull(expectedDigest, "expectedDigest");
        JsonNode bundle = SigstoreJson.readObject(bundleJson, "The bundle");
        int minorVersion = minorVersion(SigstoreJson.text(bundle, "mediaType", "The bundle"));
        JsonNode material = SigstoreJson.object(bundle, "verificationMaterial", "The bundle");
        byte[] certificateDer = certificateBytes(material);
        RekorEntry entry = firstEntry(material);
        List<String> reasons = new ArrayList<>();

        X509Certificate certificate;
        try {
            certificate = SigstoreTrustedRoot.certificate(certificateDer, "The bundle");
        } catch (SigstoreFormatException e) {
            reasons.add("The signing certificate does not parse.");
            return new Verification(Verification.Status.INVALID, null, null, null, reasons);
        }
        FulcioIdentity identity = FulcioIdentity.of(certificate);

        String digest;
        if (bundle.has("messageSignature")) {
            digest = checkMessageSignature(bundle.get("messageSignature"), artifact, certificate, entry, reasons);
        } else if (bundle.has("dsseEnvelope")) {
            digest = checkDsseEnvelope(bundle.get("dsseEnvelope"), artifact, expectedDigest, certificate, entry, reasons);
        } else {
            throw new SigstoreFormatException("The bundle has neither a messageSignature nor a dsseEnvelope.");
        }
        if (digest != null && !digest.equalsIgnoreCase(expectedDigest)) {
            reasons.add("The signature is about " + digest + ", not " + expectedDigest + ".");
        }

        Instant signedAt = null;
        if (entry == null) {
            reasons.add("The bundle has no transparency log entry; a keyless signature needs one.");
        } else {
            signedAt = Instant.ofEpochSecond(entry.integratedTime());
            RekorChecks.checkLog(entry, root, minorVersion >= 2, reasons);
            KeylessChecks.checkCertificate(certificate, signedAt, root, reasons);
        }
        return KeylessChecks.conclude(reasons, digest, identity, signedAt, identities);
    }

    /** The digest the message signature is about, after checking the signature, artifact and log body. */
    private static String checkMessageSignature(JsonNode messageSignature, byte[] artifact, X509Certificate certificate,
                                                RekorEntry entry, List<String> reasons) {
        String where = "The bundle's messageSignature";
        byte[] signature = SigstoreJson.base64(messageSignature, "signature", where);
        JsonNode messageDigest = messageSignature.get("messageDigest");
        String hashAlgorithm = "SHA-256";
        byte[] digest;
        if (messageDigest != null && messageDigest.isObject()) {
            hashAlgorithm = hashAlgorithm(SigstoreJson.text(messageDigest, "algorithm", where + " messageDigest"));
            digest = SigstoreJson.base64(messageDigest, "digest", where + " messageDigest");
            if (artifact != null && !Arrays.equals(digest, SigstoreSignatures.digest(hashAlgorithm, artifact))) {
                reasons.add("The artifact's digest " + prefixed(hashAlgorithm, SigstoreSignatures.digest(hashAlgorithm, artifact))
                        + " differs from the signed digest " + prefixed(hashAlgorithm, digest) + ".");
            }
        } else if (artifact != null) {
            digest = SigstoreSignatures.digest(hashAlgorithm, artifact);
        } else {
            throw new SigstoreFormatException(where + " has no messageDigest; verify it with the signed artifact.");
        }
        if (!SigstoreSignatures.verifyDigest(certificate.getPublicKey(), hashAlgorithm, digest, signature)) {
            reasons.add("The signature does not verify with the signing certificate's key.");
        }
        if (entry != null) {
            RekorChecks.checkMessageBody(entry, hashAlgorithm, digest, signature, certificate, reasons);
        }
        String imageDigest = artifact == null ? null : SimpleSigningPayload.manifestDigest(artifact);
        return imageDigest != null ? imageDigest : prefixed(hashAlgorithm, digest);
    }

    /** The digest the DSSE statement is about (the expected one when it is among its subjects). */
    private static String checkDsseEnvelope(JsonNode envelope, byte[] artifact, String expectedDigest, X509Certificate certificate,
                                            RekorEntry entry, List<String> reasons) {
        String where = "The bundle's dsseEnvelope";
        byte[] payload = SigstoreJson.base64(envelope, "payload", where);
        String payloadType = SigstoreJson.text(envelope, "payloadType", where);
        JsonNode signatures = SigstoreJson.array(envelope, "signatures", where);
        if (signatures.size() != 1) {
            reasons.add("The DSSE envelope carries " + signatures.size() + " signatures; a Sigstore bundle carries exactly one.");
            return null;
        }
        byte[] signature = SigstoreJson.base64(signatures.get(0), "sig", where + " signature");
        if (!SigstoreSignatures.verify(certificate.getPublicKey(), preAuthenticationEncoding(payloadType, payload), signature)) {
            reasons.add("The DSSE signature does not verify with the signing certificate's key.");
        }
        if (entry != null) {
            RekorChecks.checkDsseBody(entry, payload, signature, certificate, reasons);
        }
        if (SimpleSigningPayload.MEDIA_TYPE.equals(payloadType)) {
            String digest = SimpleSigningPayload.manifestDigest(payload);
            if (digest == null) {
                reasons.add("The DSSE payload is not a cosign simple-signing payload naming an image digest.");
            }
            return digest;
        }
        if (!IN_TOTO.equals(payloadType)) {
            reasons.add("The DSSE payload type " + payloadType + " is neither an in-toto statement nor a cosign simple-signing payload.");
            return null;
        }
        List<String> subjects = new ArrayList<>();
        JsonNode statement;
        try {
            statement = SigstoreJson.readObject(payload, "The in-toto statement");
        } catch (SigstoreFormatException e) {
            reasons.add(e.getMessage());
            return null;
        }
        for (JsonNode subject : statement.path("subject")) {
            subject.path("digest").properties().forEach(d -> subjects.add(d.getKey() + ":" + d.getValue().asString("").toLowerCase()));
        }
        if (artifact != null && !subjects.contains("sha256:" + SigstoreSignatures.sha256Hex(artifact))) {
            reasons.add("The artifact's digest sha256:" + SigstoreSignatures.sha256Hex(artifact) + " is not a subject of the in-toto statement.");
        }
        if (subjects.isEmpty()) {
            reasons.add("The in-toto statement names no subject digest.");
            return null;
        }
        // a statement may be about several artifacts; it is about the expected one when that is among them
        return subjects.contains(expectedDigest.toLowerCase()) ? expectedDigest.toLowerCase() : subjects.get(0);
    }

    /** DSSE v1: {@code "DSSEv1" SP len(type) SP type SP len(body) SP body}, lengths in decimal bytes. */
    private static byte[] preAuthenticationEncoding(String payloadType, byte[] payload) {
        byte[] type = payloadType.getBytes(StandardCharsets.UTF_8);
        byte[] head = ("DSSEv1 " + type.length + " " + payloadType + " " + payload.length + " ").getBytes(StandardCharsets.UTF_8);
        byte[] result = Arrays.copyOf(head, head.length + payload.length);
        System.arraycopy(payload, 0, result, head.length, payload.length);
        return result;
    }

    private static int minorVersion(String mediaType) {
        Matcher matcher = MEDIA_TYPE.matcher(mediaType);
        if (!matcher.matches()) {
            throw new SigstoreFormatException("The bundle has media type \"" + mediaType + "\"; Keelwatch reads Sigstore bundles v0.1 to v0.3.");
        }
        return Integer.parseInt(matcher.group(1) != null ? matcher.group(1) : matcher.group(2));
    }

    /** v0.3 carries the leaf as {@code certificate}; v0.1 and v0.2 as the first of {@code x509CertificateChain}. */
    private static byte[] certificateBytes(JsonNode material) {
        String where = "The bundle's verificationMaterial";
        if (material.has("certificate")) {
            return SigstoreJson.base64(SigstoreJson.object(material, "certificate", where), "rawBytes", where + " certificate");
        }
        if (material.has("x509CertificateChain")) {
            JsonNode certificates = SigstoreJson.array(SigstoreJson.object(material, "x509CertificateChain", where), "certificates", where);
            if (certificates.isEmpty()) {
                throw new SigstoreFormatException(where + " has an empty certificate chain.");
            }
            return SigstoreJson.base64(certificates.get(0), "rawBytes", where + " certificate");
        }
        if (material.has("publicKey")) {
            throw new SigstoreFormatException("The bundle is signed with a public key, not a Fulcio certificate;"
                    + " verify it as a key-based signature.");
        }
        throw new SigstoreFormatException(where + " has no certificate.");
    }

    private static RekorEntry firstEntry(JsonNode material) {
        JsonNode entries = material.get("tlogEntries");
        if (entries == null || !entries.isArray() || entries.isEmpty()) {
            return null;
        }
        JsonNode entry = entries.get(0);
        String where = "The bundle's tlogEntries[0]";
        JsonNode kindVersion = SigstoreJson.object(entry, "kindVersion", where);
        byte[] set = null;
        JsonNode promise = entry.get("inclusionPromise");
        if (promise != null && promise.isObject()) {
            set = SigstoreJson.base64(promise, "signedEntryTimestamp", where + " inclusionPromise");
        }
        RekorEntry.InclusionProof proof = null;
        JsonNode proofNode = entry.get("inclusionProof");
        if (proofNode != null && proofNode.isObject()) {
            String proofWhere = where + " inclusionProof";
            List<byte[]> hashes = new ArrayList<>();
            for (JsonNode hash : SigstoreJson.array(proofNode, "hashes", proofWhere)) {
                hashes.add(SigstoreJson.decodeBase64(hash.asString(""), proofWhere + " hash"));
            }
            JsonNode checkpoint = proofNode.get("checkpoint");
            proof = new RekorEntry.InclusionProof(SigstoreJson.number(proofNode, "logIndex", proofWhere),
                    SigstoreJson.number(proofNode, "treeSize", proofWhere), SigstoreJson.base64(proofNode, "rootHash", proofWhere),
                    List.copyOf(hashes), checkpoint == null ? null : SigstoreJson.optionalText(checkpoint, "envelope"));
        }
        return new RekorEntry(SigstoreJson.base64(entry, "canonicalizedBody", where),
                SigstoreJson.number(entry, "integratedTime", where), SigstoreJson.number(entry, "logIndex", where),
                HexFormat.of().formatHex(SigstoreJson.base64(SigstoreJson.object(entry, "logId", where), "keyId", where)),
                SigstoreJson.text(kindVersion, "kind", where), SigstoreJson.text(kindVersion, "version", where), set, proof);
    }

    private static String hashAlgorithm(String bundleAlgorithm) {
        return switch (bundleAlgorithm) {
            case "SHA2_256" -> "SHA-256";
            case "SHA2_384" -> "SHA-384";
            case "SHA2_512" -> "SHA-512";
            default -> throw new SigstoreFormatException("The bundle's message digest algorithm " + bundleAlgorithm + " is not SHA-2.");
        };
    }

    private static String prefixed(String hashAlgorithm, byte[] digest) {
        return hashAlgorithm.toLowerCase().replace("-", "") + ":" + HexFormat.of().formatHex(digest);
    }
}
