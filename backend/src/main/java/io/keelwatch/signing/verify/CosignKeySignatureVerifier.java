package io.keelwatch.signing.verify;

import io.keelwatch.signing.verify.Verification.Status;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Key-based cosign signatures, with the JDK alone: the signature over the exact bytes of the
 * simple-signing payload (ECDSA P-256 / P-384 with SHA-256 / SHA-384 and a DER signature, RSA PKCS#1 v1.5 or
 * PSS with SHA-256, Ed25519), the payload's {@code critical.image.docker-manifest-digest} equal to the
 * image's digest, and the key that verifies it trusted for the image.
 *
 * <p>A signature is {@code UNTRUSTED_SIGNER} only when some key verifies it (a key Keelwatch knows but does
 * not trust for this image — revoked, expired, another team's — or the key the submitter sent): without the
 * signer's key a changed signature and a stranger's one look alike, and both are {@code INVALID}.
 */
@Component
public class CosignKeySignatureVerifier {

    static final String COSIGN_TYPE = "cosign container image signature";

    private final JsonMapper json = JsonMapper.builder().build();

    /** What verifying found, and the candidate whose key verified the signature (if any did). */
    public record Outcome(Verification verification, Optional<SigningKeyCandidate> signer) {
    }

    /**
     * @param payload     the simple-signing payload, byte for byte as signed
     * @param signature   the raw signature bytes (base64-decoded)
     * @param imageDigest the digest of the image the signature is submitted for ({@code sha256:…})
     * @param candidates  the keys to try: those trusted for the image first, then known ones that are not
     */
    public Outcome verify(byte[] payload, byte[] signature, String imageDigest, List<SigningKeyCandidate> candidates) {
        String signedDigest;
        try {
            signedDigest = signedDigest(payload);
        } catch (IllegalArgumentException e) {
            return new Outcome(new Verification(Status.INVALID, null, null, null, List.of(e.getMessage())), Optional.empty());
        }
        Optional<SigningKeyCandidate> signer = candidates.stream().filter(SigningKeyCandidate::trusted)
                .filter(c -> holds(c.key().key(), payload, signature)).findFirst()
                .or(() -> candidates.stream().filter(c -> !c.trusted()).filter(c -> holds(c.key().key(), payload, signature)).findFirst());
        List<String> reasons = new ArrayList<>();
        if (signer.isEmpty()) {
            reasons.add("No key Keelwatch knows verifies this signature over this payload: the payload or the signature was"
                    + " changed, or a key registered nowhere signed it (send its public key with the signature to tell which).");
        }
        if (!signedDigest.equals(imageDigest)) {
            reasons.add("The payload signs " + signedDigest + ", not this image's digest " + imageDigest + ".");
        }
        String fingerprint = signer.map(c -> c.key().fingerprint()).orElse(null);
        if (!reasons.isEmpty()) {
            return new Outcome(new Verification(Status.INVALID, signedDigest, fingerprint, null, reasons), signer);
        }
        if (!signer.get().trusted()) {
            return new Outcome(new Verification(Status.UNTRUSTED_SIGNER, signedDigest, fingerprint, null,
                    List.of("Signed by " + fingerprint + ", which is not trusted for this image: " + signer.get().notTrustedBecause())), signer);
        }
        return new Outcome(new Verification(Status.VERIFIED, signedDigest, fingerprint, null, List.of()), signer);
    }

    /** The digest a cosign simple-signing payload signs, or why the bytes are no such payload. */
    public String signedDigest(byte[] payload) {
        JsonNode root;
        try {
            root = json.readTree(payload);
        } catch (JacksonException e) {
            throw new IllegalArgumentException("The payload is not JSON, so not a cosign simple-signing payload.");
        }
        JsonNode critical = root == null ? null : root.path("critical");
        if (critical == null || !critical.isObject() || !COSIGN_TYPE.equals(critical.path("type").asString(""))) {
            throw new IllegalArgumentException("The payload is not a cosign simple-signing payload"
                    + " (critical.type is not \"" + COSIGN_TYPE + "\").");
        }
        String digest = critical.path("image").path("docker-manifest-digest").asString("");
        if (!digest.matches("sha(256:[0-9a-f]{64}|384:[0-9a-f]{96}|512:[0-9a-f]{128})")) {
            throw new IllegalArgumentException("The payload's critical.image.docker-manifest-digest is not a digest.");
        }
        return digest;
    }

    private static boolean holds(PublicKey key, byte[] payload, byte[] signature) {
        for (Signature verifier : verifiers(key)) {
            try {
                verifier.initVerify(key);
                verifier.update(payload);
                if (verifier.verify(signature)) {
                    return true;
                }
            } catch (GeneralSecurityException | RuntimeException e) {
                // a signature not even well-formed for this scheme: try the next, else it does not hold
            }
        }
        return false;
    }

    /** The schemes cosign signs with for this kind of key, most likely first. */
    private static List<Signature> verifiers(PublicKey key) {
        List<Signature> verifiers = new ArrayList<>();
        try {
            switch (key.getAlgorithm()) {
                case "EC" -> {
                    boolean p384 = ((java.security.interfaces.ECPublicKey) key).getParams().getCurve().getField().getFieldSize() == 384;
                    verifiers.add(Signature.getInstance(p384 ? "SHA384withECDSA" : "SHA256withECDSA"));
                    verifiers.add(Signature.getInstance(p384 ? "SHA256withECDSA" : "SHA384withECDSA"));
                }
                case "RSA" -> {
                    verifiers.add(Signature.getInstance("SHA256withRSA"));
                    int keyBytes = (((RSAPublicKey) key).getModulus().bitLength() + 7) / 8;
                    // Go's rsa.SignPSS: salt as long as the hash, or as long as the key allows (PSSSaltLengthAuto)
                    for (int salt : new int[] {32, keyBytes - 32 - 2}) {
                        Signature pss = Signature.getInstance("RSASSA-PSS");
                        pss.setParameter(new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, salt, 1));
                        verifiers.add(pss);
                    }
                }
                default -> verifiers.add(Signature.getInstance("Ed25519"));
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("The JDK lacks a signature scheme cosign uses", e);
        }
        return verifiers;
    }
}
