package io.keelwatch.signing.signatures;

import io.keelwatch.signing.signatures.FormatVerifier.Checked;
import io.keelwatch.signing.signatures.FormatVerifier.ImageInScope;
import io.keelwatch.signing.trust.TrustQueries;
import io.keelwatch.signing.trust.TrustQueries.TrustRootContent;
import io.keelwatch.signing.trust.TrustQueries.TrustedIdentity;
import io.keelwatch.signing.verify.Verification;
import io.keelwatch.signing.verify.Verification.Status;
import io.keelwatch.signing.verify.sigstore.KeylessIdentity;
import io.keelwatch.signing.verify.sigstore.SigstoreFormatException;
import io.keelwatch.signing.verify.sigstore.SigstoreTrustedRoot;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import org.springframework.stereotype.Component;

/**
 * What keyless signatures (cosign's and Sigstore bundles) are checked against: each uploaded Sigstore trusted
 * root, with the keyless identities trusted for the image's project. Without a readable root nothing vouches
 * for any keyless signer, so the signature is an untrusted signer — never invalid, since nothing was found
 * wrong with it — and it is verified again when an admin uploads a root.
 */
@Component
class KeylessTrust {

    static final String NO_ROOT = "No Sigstore trusted root is uploaded, so nothing vouches for keyless signers and the signature"
            + " was not checked; an admin uploads trusted_root.json (POST /api/v1/signing/trust-roots, kind sigstore).";

    private final TrustQueries trust;

    KeylessTrust(TrustQueries trust) {
        this.trust = trust;
    }

    /**
     * The verdict of the first root that verifies, else the most favourable one (untrusted signer before invalid).
     *
     * @throws SigstoreFormatException when the material itself cannot be read
     */
    Checked verify(ImageInScope image, Instant now, BiFunction<SigstoreTrustedRoot, List<KeylessIdentity>, Verification> verifier) {
        List<TrustedIdentity> trusted = trust.keylessIdentities(image.projectId(), image.teamId(), now);
        List<KeylessIdentity> identities = trusted.stream().map(TrustedIdentity::identity).toList();
        Verification best = null;
        List<String> unreadable = new ArrayList<>();
        for (TrustRootContent content : trust.trustRootContents("sigstore")) {
            SigstoreTrustedRoot root;
            try {
                root = SigstoreTrustedRoot.parse(content.content().getBytes(StandardCharsets.UTF_8));
            } catch (SigstoreFormatException e) {
                // the upload was checked for shape only; a root that does not read vouches for no one
                unreadable.add("The uploaded Sigstore trusted root '" + content.name() + "' cannot be read: " + e.getMessage());
                continue;
            }
            Verification verification = verifier.apply(root, identities);
            if (verification.status() == Status.VERIFIED) {
                return new Checked(verification, null, identityOf(verification.signer(), trusted));
            }
            if (best == null || best.status() == Status.INVALID && verification.status() == Status.UNTRUSTED_SIGNER) {
                best = verification;
            }
        }
        if (best == null) {
            return new Checked(new Verification(Status.UNTRUSTED_SIGNER, null, null, null, unreadable.isEmpty() ? List.of(NO_ROOT)
                    : unreadable), null, null);
        }
        return new Checked(best, null, null);
    }

    /** The trusted identity the signer ({@code subject (issuer)}, or the subject alone) matches, or null. */
    private static Long identityOf(String signer, List<TrustedIdentity> trusted) {
        if (signer == null) {
            return null;
        }
        String subject = signer;
        String issuer = null;
        int open = signer.lastIndexOf(" (");
        if (open > 0 && signer.endsWith(")")) {
            subject = signer.substring(0, open);
            issuer = signer.substring(open + 2, signer.length() - 1);
        }
        for (TrustedIdentity identity : trusted) {
            if (identity.identity().matches(issuer, subject)) {
                return identity.id();
            }
        }
        return null;
    }
}
