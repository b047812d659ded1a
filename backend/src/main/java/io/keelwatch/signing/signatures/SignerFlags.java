package io.keelwatch.signing.signatures;

import io.keelwatch.access.Viewer;
import io.keelwatch.inventory.InventoryService;
import io.keelwatch.platform.CommonProblem;
import io.keelwatch.platform.KeelwatchException;
import io.keelwatch.signing.SigningSettings;
import java.time.Instant;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The signer inventory's flags on a project's posture: a signer new to the project (shown for
 * {@code keelwatch.signing.new-signer-shown-for}, then it ages out: nothing to acknowledge), and a trusted key near its
 * expiry ({@code keelwatch.signing.key-expiry-warning}; it ends when the key is rotated, revoked or has expired, and
 * {@link KeyExpiryJob} then turns its signatures untrusted). Read when asked, two statements whatever the number of
 * projects, under the caller's {@code TeamScope}.
 *
 * <p>A project's very first signer is not flagged: there is no earlier signer to differ from, and a project starting to
 * sign is what everyone wants. A rotated key's successor is: a new key signing is what the flag asks someone to confirm.
 */
@Service
public class SignerFlags {

    private final SignatureQueries queries;
    private final InventoryService inventory;
    private final SigningSettings settings;

    SignerFlags(SignatureQueries queries, InventoryService inventory, SigningSettings settings) {
        this.queries = queries;
        this.inventory = inventory;
        this.settings = settings;
    }

    /** The flags of one project the caller sees ({@code project} a slug; another team's is 404), or of all (null). */
    @Transactional(readOnly = true)
    public SignerPosture find(String project, Viewer viewer) {
        String slug = project == null || project.isBlank() ? null : project.strip();
        if (slug != null && inventory.visibleProject(slug, viewer).isEmpty()) {
            throw new KeelwatchException(CommonProblem.NOT_FOUND, "No project " + slug + ".");
        }
        Instant now = Instant.now();
        return new SignerPosture(queries.newSigners(slug, now.minus(settings.newSignerShownFor()), settings.newSignerShownFor(), viewer),
                queries.keysNearExpiry(slug, now, now.plus(settings.keyExpiryWarning()), viewer));
    }
}
