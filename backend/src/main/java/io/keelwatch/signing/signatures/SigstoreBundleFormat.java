package io.keelwatch.signing.signatures;

import io.keelwatch.signing.verify.sigstore.SigstoreBundleVerifier;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.springframework.stereotype.Component;

/**
 * Sigstore bundles (v0.1–v0.3, message signature or DSSE), checked offline against the uploaded Sigstore trusted
 * roots and the identities trusted for the image's project; the artifact, when sent, must hash to what is signed.
 */
@Component
class SigstoreBundleFormat implements FormatVerifier {

    private final SigstoreBundleVerifier verifier = new SigstoreBundleVerifier();
    private final KeylessTrust trust;

    SigstoreBundleFormat(KeylessTrust trust) {
        this.trust = trust;
    }

    @Override
    public SignatureFormat format() {
        return SignatureFormat.SIGSTORE_BUNDLE;
    }

    @Override
    public Checked verify(SignatureMaterial material, ImageInScope image, Instant now) {
        byte[] bundle = material.bundle().getBytes(StandardCharsets.UTF_8);
        byte[] artifact = material.payload().length == 0 ? null : material.payload();
        return trust.verify(image, now, (root, identities) -> verifier.verify(bundle, artifact, image.digest(), root, identities));
    }
}
