package io.keelwatch.signing.verify.sigstore;

import static io.keelwatch.signing.verify.sigstore.SigstoreFixtures.ARTIFACT_DIGEST;
import static io.keelwatch.signing.verify.sigstore.SigstoreFixtures.BUNDLES;
import static io.keelwatch.signing.verify.sigstore.SigstoreFixtures.bytes;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import io.keelwatch.signing.verify.Verification;
import io.keelwatch.signing.verify.Verification.Status;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class SigstoreBundlesVerifyAgainstTheirTrustedRootTest {

    private static final KeylessIdentity APPU = KeylessIdentity.exact("https://accounts.google.com", "appu@google.com");

    private final SigstoreBundleVerifier verifier = new SigstoreBundleVerifier();
    private final SigstoreTrustedRoot root = SigstoreFixtures.trustedRoot();

    @ParameterizedTest
    @ValueSource(strings = {"bundle.v1.sigstore", "bundle.v2.sigstore", "bundle.v3.sigstore"})
    void eachBundleVersionVerifiesWithTheArtifactAndNamesItsSigner(String bundle) {
        Verification verification = verifier.verify(bytes(BUNDLES + bundle), bytes(BUNDLES + "artifact.txt"), ARTIFACT_DIGEST, root, List.of(APPU));

        assertThat(verification.reasons()).isEmpty();
        assertThat(verification.status()).isEqualTo(Status.VERIFIED);
        assertThat(verification.digest()).isEqualTo(ARTIFACT_DIGEST);
        assertThat(verification.signer()).isEqualTo("appu@google.com (https://accounts.google.com)");
        assertThat(verification.signedAt()).isEqualTo(Instant.ofEpochSecond(1697034484L));
    }

    @ParameterizedTest
    @ValueSource(strings = {"bundle.v1.sigstore", "bundle.v2.sigstore", "bundle.v3.sigstore"})
    void aMessageSignatureVerifiesOverTheBundlesDigestWithoutTheArtifact(String bundle) {
        Verification verification = verifier.verify(bytes(BUNDLES + bundle), null, ARTIFACT_DIGEST, root, List.of(APPU));

        assertThat(verification.status()).isEqualTo(Status.VERIFIED);
    }

    @Test
    void aVersionOneBundleWithoutInclusionProofRestsOnItsSignedEntryTimestamp() {
        // bundle v0.1 requires only the inclusion promise (SET); from v0.2 on the proof is required
        Verification verification = verifier.verify(bytes(BUNDLES + "bundle.v1.no.inclusion.sigstore"), bytes(BUNDLES + "artifact.txt"),
                ARTIFACT_DIGEST, root, List.of(APPU));

        assertThat(verification.reasons()).isEmpty();
        assertThat(verification.status()).isEqualTo(Status.VERIFIED);
    }

    @Test
    void aDsseInTotoBundleVerifiesForItsSubjectDigest() {
        Verification verification = verifier.verify(bytes(BUNDLES + "bundle.dsse.sigstore"), bytes(BUNDLES + "artifact.txt"), ARTIFACT_DIGEST,
                root, List.of(KeylessIdentity.matching("^https://token\\.actions\\.githubusercontent\\.com$", "^https://github\\.com/loosebazooka/aa-test/")));

        assertThat(verification.reasons()).isEmpty();
        assertThat(verification.status()).isEqualTo(Status.VERIFIED);
        assertThat(verification.digest()).isEqualTo(ARTIFACT_DIGEST);
        assertThat(verification.signer()).isNotNull().contains("loosebazooka/aa-test");
    }

    @Test
    void aRegularExpressionIdentityMatchesAnywhereInTheValueAsCosignDoes() {
        Verification verification = verifier.verify(bytes(BUNDLES + "bundle.v3.sigstore"), null, ARTIFACT_DIGEST, root,
                List.of(KeylessIdentity.matching("accounts\\.google", "@google\\.com")));

        assertThat(verification.status()).isEqualTo(Status.VERIFIED);
    }

    @Test
    void aSignatureThatHoldsButWhoseSignerNoIdentityMatchesIsAnUntrustedSigner() {
        Verification verification = verifier.verify(bytes(BUNDLES + "bundle.v3.sigstore"), bytes(BUNDLES + "artifact.txt"), ARTIFACT_DIGEST, root,
                List.of(KeylessIdentity.exact("https://accounts.google.com", "someone@google.com"),
                        KeylessIdentity.exact("https://github.com/login/oauth", "appu@google.com")));

        assertThat(verification.status()).isEqualTo(Status.UNTRUSTED_SIGNER);
        assertThat(verification.signer()).isEqualTo("appu@google.com (https://accounts.google.com)");
        assertThat(verification.reasons()).singleElement().asString().contains("appu@google.com");
    }

    @Test
    void withNoTrustedIdentityEvenAValidSignatureIsAnUntrustedSigner() {
        Verification verification = verifier.verify(bytes(BUNDLES + "bundle.v2.sigstore"), null, ARTIFACT_DIGEST, root, List.of());

        assertThat(verification.status()).isEqualTo(Status.UNTRUSTED_SIGNER);
    }

    @Test
    void theTrustedRootReadsIntoItsAuthoritiesAndLogs() {
        assertThat(root.certificateAuthorities()).hasSize(2);
        assertThat(root.certificateAuthorities().get(1).chain()).hasSize(2);
        assertThat(root.certificateAuthorities().get(1).validUntil()).isNull();
        assertThat(root.transparencyLogs()).singleElement()
                .satisfies(log -> assertThat(log.logId()).isEqualTo("c0d23d6ad406973f9559f3ba2d1ca01f84147d8ffc5b8445c224f98b9591801d"));
        assertThat(root.ctLogs()).hasSize(2);
        assertThat(root.timestampAuthorities()).hasSize(1);
    }
}
