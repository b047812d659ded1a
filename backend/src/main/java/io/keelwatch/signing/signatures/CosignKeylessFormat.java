package io.keelwatch.signing.signatures;

import io.keelwatch.signing.verify.sigstore.CosignKeylessVerifier;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.springframework.stereotype.Component;

/**
 * Keyless cosign (a signature with its Fulcio certificate and cosign's Rekor bundle), checked offline against
 * the uploaded Sigstore trusted roots and the identities trusted for the image's project.
 */
@Component
class CosignKeylessFormat implements FormatVerifier {

    private final CosignKeylessVerifier verifier = new CosignKeylessVerifier();
    private final KeylessTrust trust;

    CosignKeylessFormat(KeylessTrust trust) {
        this.trust = trust;
    }

    @Override
    public SignatureFormat format() {
        return SignatureFormat.COSIGN;
    }

    @Override
    public boolean accepts(SignatureMaterial material) {
        return material.certificate() != null;
    }

    @Override
    public Checked verify(SignatureMaterial material, ImageInScope image, Instant now) {
        byte[] rekorBundle = material.bundle() == null ? null : material.bundle().getBytes(StandardCharsets.UTF_8);
        return trust.verify(image, now, (root, identities) -> verifier.verify(material.payload(), material.signature(),
                material.certificate(), rekorBundle, image.digest(), root, identities));
    }
}
