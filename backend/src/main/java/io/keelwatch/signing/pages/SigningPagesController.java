package io.keelwatch.signing.pages;

import io.keelwatch.access.AccessService;
import io.keelwatch.access.CurrentViewer;
import io.keelwatch.access.Viewer;
import io.keelwatch.inventory.InventoryService;
import io.keelwatch.platform.CommonProblem;
import io.keelwatch.platform.KeelwatchException;
import io.keelwatch.signing.NewSigningKey;
import io.keelwatch.signing.gate.UnsignedWhereRequired;
import io.keelwatch.signing.signatures.SignatureIngest;
import io.keelwatch.signing.signatures.SignerFlags;
import io.keelwatch.signing.trust.KeyRevocation;
import io.keelwatch.signing.trust.NewSigningIdentity;
import io.keelwatch.signing.trust.NewTrustRoot;
import io.keelwatch.signing.trust.TrustService;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.function.Supplier;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * {@code /signing}: who is trusted to sign (keys, keyless identities, trust roots), what each signer
 * signed, what runs unsigned where a policy requires a signature, signers new to a project and keys near their expiry
 * (also the project page's flags, loaded by htmx). Leads and admins add and revoke keys and identities (admins for every project too), admins
 * upload trust roots; each change answers with a redirect back, its outcome in the flash.
 */
@Controller
class SigningPagesController {

    private final TrustService trust;
    private final SignatureIngest signatures;
    private final UnsignedWhereRequired unsigned;
    private final SignerFlags flags;
    private final InventoryService inventory;
    private final AccessService access;
    private final CurrentViewer currentViewer;

    SigningPagesController(TrustService trust, SignatureIngest signatures, UnsignedWhereRequired unsigned, SignerFlags flags,
            InventoryService inventory, AccessService access, CurrentViewer currentViewer) {
        this.trust = trust;
        this.signatures = signatures;
        this.unsigned = unsigned;
        this.flags = flags;
        this.inventory = inventory;
        this.access = access;
        this.currentViewer = currentViewer;
    }

    @GetMapping("/signing")
    @PreAuthorize("@access.canRead()")
    String page(Model model) {
        Viewer viewer = currentViewer.get();
        model.addAttribute("keys", trust.keys(viewer));
        model.addAttribute("identities", trust.identities(viewer));
        model.addAttribute("roots", trust.trustRoots());
        model.addAttribute("signers", signatures.signers(viewer));
        model.addAttribute("unsigned", unsigned.find(null, viewer));
        model.addAttribute("flags", flags.find(null, viewer));
        model.addAttribute("mayManage", viewer.mayManageSigningTrust());
        model.addAttribute("mayTrustGlobally", viewer.mayTrustSignersGlobally());
        model.addAttribute("mayUploadRoots", viewer.isAdministrator());
        model.addAttribute("projects", inventory.visibleProjects(viewer));
        model.addAttribute("teams", access.visibleTeams(viewer));
        return "signing/trust";
    }

    /**
     * The project page's flags: how many images its workloads run unsigned where a policy requires a signature, signers
     * new to it, trusted keys it relies on near their expiry.
     */
    @GetMapping("/signing/projects/{slug}/badge")
    @PreAuthorize("@access.canRead()")
    String badge(@PathVariable String slug, Model model) {
        Viewer viewer = currentViewer.get();
        model.addAttribute("unsigned", unsigned.find(slug, viewer));
        model.addAttribute("flags", flags.find(slug, viewer));
        model.addAttribute("project", slug);
        return "signing/fragments :: project-badge";
    }

    @PostMapping("/signing/keys")
    @PreAuthorize("@access.canManageSigningTrust()")
    String addKey(@RequestParam(required = false) String name, @RequestParam(required = false) String publicKey,
            @RequestParam(required = false) String scope, @RequestParam(required = false) String owner,
            @RequestParam(required = false) String expires, RedirectAttributes redirect) {
        return change(redirect, () -> {
            String[] target = target(scope);
            return "Key " + trust.addKey(new NewSigningKey(name, publicKey, target[0], target[1], target[2], owner, date(expires), null),
                    currentViewer.get()).fingerprint() + " is trusted; signatures it made are verified again.";
        });
    }

    @PostMapping("/signing/keys/{id}/revoke")
    @PreAuthorize("@access.canManageSigningTrust()")
    String revokeKey(@PathVariable long id, @RequestParam(required = false) String reason, RedirectAttributes redirect) {
        return change(redirect, () -> "Key " + trust.revokeKey(id, new KeyRevocation(reason), currentViewer.get()).fingerprint()
                + " is revoked; the signatures it verified are untrusted now.");
    }

    @PostMapping("/signing/identities")
    @PreAuthorize("@access.canManageSigningTrust()")
    String addIdentity(@RequestParam(required = false) String issuer, @RequestParam(required = false) String subject,
            @RequestParam(required = false) Boolean subjectRegex, @RequestParam(required = false) String scope,
            @RequestParam(required = false) String owner, @RequestParam(required = false) String expires, RedirectAttributes redirect) {
        return change(redirect, () -> {
            String[] target = target(scope);
            return "Identity " + trust.addIdentity(new NewSigningIdentity(issuer, subject, subjectRegex, target[0], target[1], target[2],
                    owner, date(expires)), currentViewer.get()).subject() + " is trusted.";
        });
    }

    @PostMapping("/signing/trust-roots")
    @PreAuthorize("@access.isAdmin()")
    String addTrustRoot(@RequestParam(required = false) String kind, @RequestParam(required = false) String name,
            @RequestParam(required = false) String content, RedirectAttributes redirect) {
        return change(redirect, () -> "Trust root " + trust.addTrustRoot(new NewTrustRoot(kind, name, content), currentViewer.get()).name()
                + " stored.");
    }

    /** {scope, team, project} from the form's one choice: {@code global}, {@code team:<slug>} or {@code project:<slug>}. */
    private static String[] target(String scope) {
        String value = scope == null ? "" : scope.strip();
        if (value.equals("global")) {
            return new String[] {"global", null, null};
        }
        if (value.startsWith("team:")) {
            return new String[] {"team", value.substring(5), null};
        }
        if (value.startsWith("project:")) {
            return new String[] {"project", null, value.substring(8)};
        }
        throw new KeelwatchException(CommonProblem.INVALID_REQUEST, "Choose where the signer is trusted.");
    }

    private static Instant date(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return LocalDate.parse(value.strip()).atStartOfDay(ZoneOffset.UTC).toInstant();
        } catch (DateTimeParseException e) {
            throw new KeelwatchException(CommonProblem.INVALID_REQUEST, "An expiry is a date (2026-12-31).");
        }
    }

    private static String change(RedirectAttributes redirect, Supplier<String> change) {
        try {
            redirect.addFlashAttribute("message", change.get());
        } catch (KeelwatchException e) {
            if (e.kind() == CommonProblem.NOT_FOUND) {
                throw e;
            }
            redirect.addFlashAttribute("error", e.getMessage());
        }
        return "redirect:/signing";
    }
}
