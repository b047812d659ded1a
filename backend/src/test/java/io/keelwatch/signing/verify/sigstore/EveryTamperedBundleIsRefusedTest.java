package io.keelwatch.signing.verify.sigstore;

import static io.keelwatch.signing.verify.sigstore.SigstoreFixtures.ARTIFACT_DIGEST;
import static io.keelwatch.signing.verify.sigstore.SigstoreFixtures.BUNDLES;
import static io.keelwatch.signing.verify.sigstore.SigstoreFixtures.bytes;
import static io.keelwatch.signing.verify.sigstore.SigstoreFixtures.edited;
import static io.keelwatch.signing.verify.sigstore.SigstoreFixtures.flip;
import static io.keelwatch.signing.verify.sigstore.SigstoreFixtures.flipBase64;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;

import io.keelwatch.signing.verify.Verification;
import io.keelwatch.signing.verify.Verification.Status;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.node.ObjectNode;

class EveryTamperedBundleIsRefusedTest {

    private static final List<KeylessIdentity> APPU = List.of(KeylessIdentity.exact("https://accounts.google.com", "appu@google.com"));
    private static final List<String> BUNDLE_VERSIONS = List.of("bundle.v1.sigstore", "bundle.v2.sigstore", "bundle.v3.sigstore");

    private final SigstoreBundleVerifier verifier = new SigstoreBundleVerifier();
    private final SigstoreTrustedRoot root = SigstoreFixtures.trustedRoot();

    static Stream<Arguments> tamperings() {
        return BUNDLE_VERSIONS.stream().flatMap(bundle -> Stream.of(
                Arguments.of(bundle, "signature", change(b -> flipBase64(object(b, "messageSignature"), "signature", 20)), "signature"),
                Arguments.of(bundle, "message digest", change(b -> flipBase64(object(b, "messageSignature", "messageDigest"), "digest", 0)), "digest"),
                Arguments.of(bundle, "certificate", change(b -> flipBase64(certificate(b), "rawBytes", 250)), "certificate"),
                Arguments.of(bundle, "certificate's subject", change(b -> SigstoreFixtures.flipBase64Where(certificate(b), "rawBytes", "appu@google.com")),
                        "does not chain"),
                Arguments.of(bundle, "log entry body", change(b -> flipBase64(entry(b), "canonicalizedBody", 40)), "log"),
                Arguments.of(bundle, "signed entry timestamp", change(b -> flipBase64(object(entry(b), "inclusionPromise"), "signedEntryTimestamp", 30)),
                        "signed entry timestamp"),
                Arguments.of(bundle, "integrated time", change(b -> entry(b).put("integratedTime", "1697034485")), "signed entry timestamp"),
                Arguments.of(bundle, "inclusion proof hash", change(b -> {
                    var hashes = (tools.jackson.databind.node.ArrayNode) object(entry(b), "inclusionProof").get("hashes");
                    hashes.set(3, flipBase64(hashes.get(3).asString(), 7));
                }), "inclusion proof"),
                Arguments.of(bundle, "inclusion proof root hash", change(b -> flipBase64(object(entry(b), "inclusionProof"), "rootHash", 0)),
                        "inclusion proof"),
                Arguments.of(bundle, "checkpoint text", change(b -> checkpoint(b, note -> note.replace("Timestamp: 1697034484441201852",
                        "Timestamp: 1697034484441201853"))), "checkpoint"),
                Arguments.of(bundle, "checkpoint signature", change(b -> checkpoint(b, note -> note.replace("wNI9ajBGAiEAlWUH2HSPa6IMIRBgFcIXph3M",
                        "wNI9ajBGAiEAlWUH2HSPa6IMIRBgFcIXph3N"))), "checkpoint"),
                Arguments.of(bundle, "log id", change(b -> flipBase64(object(entry(b), "logId"), "keyId", 31)), "log")));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("tamperings")
    void oneChangedByteMakesTheBundleInvalidWithAReason(String bundle, String part, Consumer<ObjectNode> tampering, String reasonMentions) {
        Verification verification = verifier.verify(edited(bytes(BUNDLES + bundle), tampering), bytes(BUNDLES + "artifact.txt"),
                ARTIFACT_DIGEST, root, APPU);

        assertThat(verification.status()).as(part).isEqualTo(Status.INVALID);
        assertThat(verification.reasons()).as(part).isNotEmpty().anySatisfy(reason -> assertThat(reason).containsIgnoringCase(reasonMentions));
    }

    @ParameterizedTest
    @ValueSource(strings = {"bundle.v1.sigstore", "bundle.v2.sigstore", "bundle.v3.sigstore"})
    void oneChangedByteOfTheArtifactIsRefused(String bundle) {
        Verification verification = verifier.verify(bytes(BUNDLES + bundle), flip(bytes(BUNDLES + "artifact.txt"), 10), ARTIFACT_DIGEST, root, APPU);

        assertThat(verification.status()).isEqualTo(Status.INVALID);
        assertThat(verification.reasons()).anySatisfy(reason -> assertThat(reason).contains("artifact's digest"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"bundle.v1.sigstore", "bundle.v2.sigstore", "bundle.v3.sigstore"})
    void aSignatureAboutAnotherDigestIsRefused(String bundle) {
        Verification verification = verifier.verify(bytes(BUNDLES + bundle), null,
                "sha256:0000000000000000000000000000000000000000000000000000000000000000", root, APPU);

        assertThat(verification.status()).isEqualTo(Status.INVALID);
        assertThat(verification.reasons()).anySatisfy(reason -> assertThat(reason).contains("not sha256:0000"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"bundle.v2.sigstore", "bundle.v3.sigstore"})
    void fromVersionTwoABundleWithoutInclusionProofIsRefused(String bundle) {
        Verification verification = verifier.verify(edited(bytes(BUNDLES + bundle), b -> entry(b).remove("inclusionProof")), null,
                ARTIFACT_DIGEST, root, APPU);

        assertThat(verification.status()).isEqualTo(Status.INVALID);
        assertThat(verification.reasons()).anySatisfy(reason -> assertThat(reason).contains("no inclusion proof"));
    }

    @Test
    void theUpstreamVersionThreeBundleWithoutInclusionProofIsRefused() {
        Verification verification = verifier.verify(bytes(BUNDLES + "bundle.v3.no.inclusion.sigstore"), null, ARTIFACT_DIGEST, root, APPU);

        assertThat(verification.status()).isEqualTo(Status.INVALID);
        assertThat(verification.reasons()).anySatisfy(reason -> assertThat(reason).contains("no inclusion proof"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"bundle.v1.sigstore", "bundle.v3.sigstore"})
    void aBundleWithoutLogEntryIsRefused(String bundle) {
        Verification verification = verifier.verify(edited(bytes(BUNDLES + bundle), b -> object(b, "verificationMaterial").remove("tlogEntries")),
                null, ARTIFACT_DIGEST, root, APPU);

        assertThat(verification.status()).isEqualTo(Status.INVALID);
        assertThat(verification.reasons()).anySatisfy(reason -> assertThat(reason).contains("no transparency log entry"));
    }

    @Test
    void aCertificateThatExpiredBeforeTheLogEntryIsRefused() {
        Verification verification = verifier.verify(bytes(BUNDLES + "bundle-with-expired-cert.sigstore"), bytes(BUNDLES + "artifact.txt"),
                ARTIFACT_DIGEST, root, APPU);

        assertThat(verification.status()).isEqualTo(Status.INVALID);
        assertThat(verification.reasons()).anySatisfy(reason -> assertThat(reason).contains("outside the signing certificate's validity"));
    }

    @Test
    void aLogEntryOfAnotherArtifactIsRefused() {
        Verification verification = verifier.verify(bytes(BUNDLES + "bundle-with-wrong-tlog-entry.sigstore"), bytes(BUNDLES + "artifact.txt"),
                ARTIFACT_DIGEST, root, APPU);

        assertThat(verification.status()).isEqualTo(Status.INVALID);
        assertThat(verification.reasons()).anySatisfy(reason -> assertThat(reason).contains("records digest"));
    }

    @Test
    void aSignedEntryTimestampOfAnotherEntryIsRefused() {
        Verification verification = verifier.verify(bytes(BUNDLES + "bundle-with-mismatched-set.sigstore"), bytes(BUNDLES + "artifact.txt"),
                ARTIFACT_DIGEST, root, APPU);

        assertThat(verification.status()).isEqualTo(Status.INVALID);
        assertThat(verification.reasons()).anySatisfy(reason -> assertThat(reason).contains("signed entry timestamp does not verify"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"bundle.dsse.bad-signature.sigstore", "bundle.dsse.mismatched-envelope.sigstore", "bundle.dsse.mismatched-signature.sigstore"})
    void theUpstreamBrokenDsseBundlesAreRefused(String bundle) {
        Verification verification = verifier.verify(bytes(BUNDLES + bundle), bytes(BUNDLES + "artifact.txt"), ARTIFACT_DIGEST, root,
                List.of(KeylessIdentity.matching(".*", ".*")));

        assertThat(verification.status()).isEqualTo(Status.INVALID);
        assertThat(verification.reasons()).isNotEmpty();
    }

    @Test
    void aDssePayloadChangedByOneByteIsRefused() {
        Verification verification = verifier.verify(edited(bytes(BUNDLES + "bundle.dsse.sigstore"), b -> flipBase64(object(b, "dsseEnvelope"), "payload", 100)),
                bytes(BUNDLES + "artifact.txt"), ARTIFACT_DIGEST, root, List.of(KeylessIdentity.matching(".*", ".*")));

        assertThat(verification.status()).isEqualTo(Status.INVALID);
        assertThat(verification.reasons()).anySatisfy(reason -> assertThat(reason).contains("DSSE signature does not verify"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"bundle.v1.sigstore", "bundle.v2.sigstore", "bundle.v3.sigstore"})
    void aTruncatedBundleIsAFormatErrorNotAVerification(String bundle) {
        byte[] whole = bytes(BUNDLES + bundle);

        assertThatThrownBy(() -> verifier.verify(Arrays.copyOf(whole, whole.length / 2), null, ARTIFACT_DIGEST, root, APPU))
                .isInstanceOf(SigstoreFormatException.class)
                .hasMessageContaining("not valid JSON");
    }

    @Test
    void anUnknownBundleMediaTypeIsAFormatError() {
        byte[] bundle = edited(bytes(BUNDLES + "bundle.v3.sigstore"), b -> b.put("mediaType", "application/vnd.dev.sigstore.bundle+json;version=0.9"));

        assertThatThrownBy(() -> verifier.verify(bundle, null, ARTIFACT_DIGEST, root, APPU))
                .isInstanceOf(SigstoreFormatException.class)
                .hasMessageContaining("v0.1 to v0.3");
    }

    @Test
    void aTrustedRootThatIsNotOneIsAFormatError() {
        byte[] trustedRoot = bytes(BUNDLES + "trusted_root.json");

        assertThatThrownBy(() -> SigstoreTrustedRoot.parse(Arrays.copyOf(trustedRoot, 300))).isInstanceOf(SigstoreFormatException.class);
        assertThatThrownBy(() -> SigstoreTrustedRoot.parse(bytes(BUNDLES + "bundle.v3.sigstore")))
                .isInstanceOf(SigstoreFormatException.class)
                .hasMessageContaining("media type");
    }

    private static Consumer<ObjectNode> change(Consumer<ObjectNode> change) {
        return change;
    }

    private static ObjectNode object(ObjectNode node, String... path) {
        ObjectNode current = node;
        for (String field : path) {
            current = (ObjectNode) current.get(field);
        }
        return current;
    }

    private static ObjectNode entry(ObjectNode bundle) {
        return (ObjectNode) object(bundle, "verificationMaterial").get("tlogEntries").get(0);
    }

    private static ObjectNode certificate(ObjectNode bundle) {
        ObjectNode material = object(bundle, "verificationMaterial");
        return material.has("certificate") ? object(material, "certificate")
                : (ObjectNode) object(material, "x509CertificateChain").get("certificates").get(0);
    }

    private static void checkpoint(ObjectNode bundle, java.util.function.UnaryOperator<String> change) {
        ObjectNode checkpoint = object(entry(bundle), "inclusionProof", "checkpoint");
        String note = checkpoint.get("envelope").asString();
        String changed = change.apply(note);
        assertThat(changed).isNotEqualTo(note);
        checkpoint.put("envelope", changed);
    }
}
