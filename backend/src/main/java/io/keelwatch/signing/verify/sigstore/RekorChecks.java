package io.keelwatch.signing.verify.sigstore;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

import io.keelwatch.signing.verify.sigstore.SigstoreTrustedRoot.TransparencyLog;
import tools.jackson.databind.JsonNode;

/**
 * What Keelwatch checks of a Rekor entry offline, against the trust root's log keys: the entry belongs
 * to the signature and certificate at hand, the log's signed entry timestamp (SET), the RFC 6962 inclusion
 * proof from the entry's leaf to the root hash, and the checkpoint (a signed note) committing to that root.
 */
final class RekorChecks {

    private static final String NOTE_SIGNATURE_PREFIX = "\u2014 ";

    private RekorChecks() {
    }

    /**
     * Checks the log's signatures over the entry and adds a reason for each failure.
     *
     * @param proofRequired bundles from v0.2 on must carry an inclusion proof with a checkpoint; v0.1 and
     *                      cosign's bundle annotation may rely on the SET alone
     */
    static void checkLog(RekorEntry entry, SigstoreTrustedRoot root, boolean proofRequired, List<String> reasons) {
        TransparencyLog log = root.transparencyLog(entry.logId()).orElse(null);
        if (log == null) {
            reasons.add("The transparency log entry comes from log " + entry.logId() + ", which the trust root does not name.");
            return;
        }
        Instant integrated = Instant.ofEpochSecond(entry.integratedTime());
        if (!log.validAt(integrated)) {
            reasons.add("The transparency log entry was integrated at " + integrated + ", outside the time the trust root vouches for its log.");
        }
        if (entry.signedEntryTimestamp() == null) {
            reasons.add("The transparency log entry has no signed entry timestamp, so nothing vouches for its time " + integrated + ".");
        } else if (!SigstoreSignatures.verify(log.publicKey(), setPayload(entry), entry.signedEntryTimestamp())) {
            reasons.add("The transparency log's signed entry timestamp does not verify with the log's key.");
        }
        if (entry.proof() == null) {
            if (proofRequired) {
                reasons.add("The bundle has no inclusion proof of its transparency log entry (bundles from v0.2 on must carry one).");
            }
            return;
        }
        checkInclusion(entry, reasons);
        checkCheckpoint(entry.proof(), log, reasons);
    }

    /**
     * Checks that the entry body names the signature, certificate and digest that were verified
     * ({@code hashedrekord} and {@code rekord} 0.0.1).
     */
    static void checkMessageBody(RekorEntry entry, String hashAlgorithm, byte[] digest, byte[] signature,
                                 X509Certificate certificate, List<String> reasons) {
        JsonNode body = body(entry, reasons);
        if (body == null) {
            return;
        }
        String kind = body.path("kind").asString("");
        if (!List.of("hashedrekord", "rekord").contains(kind) || !"0.0.1".equals(body.path("apiVersion").asString(""))) {
            reasons.add("The transparency log entry is of kind " + kind + " " + body.path("apiVersion").asString("")
                    + ", which does not record a signature over a digest.");
            return;
        }
        JsonNode spec = body.path("spec");
        JsonNode hash = spec.path("data").path("hash");
        String expectedAlgorithm = hashAlgorithm.toLowerCase().replace("-", "");
        if (!expectedAlgorithm.equals(hash.path("algorithm").asString(""))
                || !HexFormat.of().formatHex(digest).equalsIgnoreCase(hash.path("value").asString(""))) {
            reasons.add("The transparency log entry records digest " + hash.path("algorithm").asString("") + ":"
                    + hash.path("value").asString("") + ", not the signed " + expectedAlgorithm + ":" + HexFormat.of().formatHex(digest) + ".");
        }
        JsonNode signatureNode = spec.path("signature");
        if (!Arrays.equals(signature, decode(signatureNode.path("content").asString("")))) {
            reasons.add("The transparency log entry records another signature than the one verified.");
        }
        if (!sameCertificate(signatureNode.path("publicKey").path("content").asString(""), certificate)) {
            reasons.add("The transparency log entry records another certificate than the signing certificate.");
        }
    }

    /** Checks that a {@code dsse} 0.0.1 entry body names the envelope's payload, signature and certificate. */
    static void checkDsseBody(RekorEntry entry, byte[] payload, byte[] signature, X509Certificate certificate, List<String> reasons) {
        JsonNode body = body(entry, reasons);
        if (body == null) {
            return;
        }
        String kind = body.path("kind").asString("");
        if (!"dsse".equals(kind) || !"0.0.1".equals(body.path("apiVersion").asString(""))) {
            reasons.add("The transparency log entry is of kind " + kind + " " + body.path("apiVersion").asString("")
                    + "; Keelwatch checks DSSE envelopes against dsse 0.0.1 entries only.");
            return;
        }
        JsonNode spec = body.path("spec");
        JsonNode payloadHash = spec.path("payloadHash");
        if (!"sha256".equals(payloadHash.path("algorithm").asString(""))
                || !SigstoreSignatures.sha256Hex(payload).equalsIgnoreCase(payloadHash.path("value").asString(""))) {
            reasons.add("The transparency log entry records another DSSE payload digest than the envelope's payload.");
        }
        boolean recorded = false;
        for (JsonNode recordedSignature : spec.path("signatures")) {
            recorded |= Arrays.equals(signature, decode(recordedSignature.path("signature").asString("")))
                    && sameCertificate(recordedSignature.path("verifier").asString(""), certificate);
        }
        if (!recorded) {
            reasons.add("The transparency log entry does not record the envelope's signature with the signing certificate.");
        }
    }

    /** The bytes the SET signs: the canonical JSON of body, integrated time, log id and log index (keys sorted). */
    private static byte[] setPayload(RekorEntry entry) {
        String json = "{\"body\":\"" + Base64.getEncoder().encodeToString(entry.body())
                + "\",\"integratedTime\":" + entry.integratedTime()
                + ",\"logID\":\"" + entry.logId().toLowerCase()
                + "\",\"logIndex\":" + entry.logIndex() + "}";
        return json.getBytes(StandardCharsets.UTF_8);
    }

    /** RFC 9162 §2.1.3.2: the audit path from the leaf hash SHA-256(0x00 ‖ body) must lead to the root hash. */
    private static void checkInclusion(RekorEntry entry, List<String> reasons) {
        var proof = entry.proof();
        if (proof.logIndex() < 0 || proof.logIndex() >= proof.treeSize()) {
            reasons.add("The inclusion proof places the entry at " + proof.logIndex() + ", outside a tree of " + proof.treeSize() + ".");
            return;
        }
        long fn = proof.logIndex();
        long sn = proof.treeSize() - 1;
        byte[] hash = SigstoreSignatures.sha256(concat(new byte[] {0}, entry.body()));
        for (byte[] sibling : proof.hashes()) {
            if (sn == 0) {
                reasons.add("The inclusion proof has more hashes than its tree needs.");
                return;
            }
            if ((fn & 1) == 1 || fn == sn) {
                hash = SigstoreSignatures.sha256(concat(new byte[] {1}, sibling, hash));
                while ((fn & 1) == 0 && fn != 0) {
                    fn >>= 1;
                    sn >>= 1;
                }
            } else {
                hash = SigstoreSignatures.sha256(concat(new byte[] {1}, hash, sibling));
            }
            fn >>= 1;
            sn >>= 1;
        }
        if (sn != 0 || !Arrays.equals(hash, proof.rootHash())) {
            reasons.add("The inclusion proof does not lead from the entry to the log's root hash.");
        }
    }

    /**
     * The checkpoint is a signed note: the text up to a blank line ({@code origin\nsize\nbase64 root\n…}),
     * then lines {@code — name base64(4-byte key hint ‖ signature)}; the log key signs the text.
     */
    private static void checkCheckpoint(RekorEntry.InclusionProof proof, TransparencyLog log, List<String> reasons) {
        String note = proof.checkpoint();
        if (note == null) {
            reasons.add("The inclusion proof has no checkpoint signed by the log.");
            return;
        }
        int blank = note.indexOf("\n\n");
        if (blank < 0) {
            reasons.add("The inclusion proof's checkpoint is not a signed note.");
            return;
        }
        String text = note.substring(0, blank + 1);
        String[] lines = text.split("\n");
        if (lines.length < 3) {
            reasons.add("The inclusion proof's checkpoint lacks its tree size or root hash.");
            return;
        }
        if (!lines[1].equals(Long.toString(proof.treeSize())) || !Arrays.equals(decode(lines[2]), proof.rootHash())) {
            reasons.add("The checkpoint commits to another tree than the inclusion proof (size " + lines[1] + ").");
        }
        byte[] keyHint = Arrays.copyOf(HexFormat.of().parseHex(log.logId()), 4);
        boolean signed = false;
        for (String line : note.substring(blank + 2).split("\n")) {
            if (!line.startsWith(NOTE_SIGNATURE_PREFIX)) {
                continue;
            }
            String[] parts = line.substring(NOTE_SIGNATURE_PREFIX.length()).split(" ");
            byte[] signature = parts.length == 2 ? decode(parts[1]) : null;
            if (signature != null && signature.length > 4 && Arrays.equals(Arrays.copyOf(signature, 4), keyHint)) {
                signed |= SigstoreSignatures.verify(log.publicKey(), text.getBytes(StandardCharsets.UTF_8),
                        Arrays.copyOfRange(signature, 4, signature.length));
            }
        }
        if (!signed) {
            reasons.add("The checkpoint is not signed by the transparency log's key.");
        }
    }

    private static JsonNode body(RekorEntry entry, List<String> reasons) {
        try {
            JsonNode body = SigstoreJson.readObject(entry.body(), "The transparency log entry body");
            if (entry.kind() != null && (!entry.kind().equals(body.path("kind").asString(""))
                    || !entry.version().equals(body.path("apiVersion").asString("")))) {
                reasons.add("The transparency log entry claims kind " + entry.kind() + " " + entry.version()
                        + " but its body is " + body.path("kind").asString("") + " " + body.path("apiVersion").asString("") + ".");
            }
            return body;
        } catch (SigstoreFormatException e) {
            reasons.add(e.getMessage());
            return null;
        }
    }

    /** A log entry names the certificate as base64 of its PEM. */
    private static boolean sameCertificate(String base64Pem, X509Certificate certificate) {
        byte[] pem = decode(base64Pem);
        if (pem == null) {
            return false;
        }
        try {
            return Arrays.equals(SigstoreTrustedRoot.certificate(pem, "The log entry").getEncoded(), certificate.getEncoded());
        } catch (SigstoreFormatException | java.security.cert.CertificateEncodingException e) {
            return false;
        }
    }

    private static byte[] decode(String base64) {
        try {
            return Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static byte[] concat(byte[]... parts) {
        var out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
