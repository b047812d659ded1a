package io.keelwatch.signing.trust;

import io.keelwatch.access.CurrentViewer;
import io.keelwatch.signing.NewSigningKey;
import io.keelwatch.signing.SigningKeySummary;
import io.swagger.v3.oas.annotations.Operation;
import java.net.URI;
import java.util.List;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/signing")
class TrustApiController {

    private final TrustService trust;
    private final CurrentViewer viewer;

    TrustApiController(TrustService trust, CurrentViewer viewer) {
        this.trust = trust;
        this.viewer = viewer;
    }

    @Operation(summary = "Trusted keys: global ones and those of the teams you see")
    @GetMapping("/keys")
    @PreAuthorize("@access.canRead()")
    List<SigningKeySummary> keys() {
        return trust.keys(viewer.get());
    }

    @GetMapping("/keys/{id}")
    @PreAuthorize("@access.canRead()")
    SigningKeySummary key(@PathVariable long id) {
        return trust.key(id, viewer.get());
    }

    @Operation(summary = "Trust a PEM public key for a team or project (leads, admins) or every project (admins); private keys are refused")
    @PostMapping("/keys")
    @PreAuthorize("@access.canManageSigningTrust()")
    ResponseEntity<SigningKeySummary> addKey(@RequestBody NewSigningKey request) {
        SigningKeySummary created = trust.addKey(request, viewer.get());
        return ResponseEntity.created(URI.create("/api/v1/signing/keys/" + created.id())).body(created);
    }

    @Operation(summary = "Revoke a key: the signatures it verified turn untrusted")
    @PostMapping("/keys/{id}/revoke")
    @PreAuthorize("@access.canManageSigningTrust()")
    SigningKeySummary revokeKey(@PathVariable long id, @RequestBody(required = false) KeyRevocation revocation) {
        return trust.revokeKey(id, revocation, viewer.get());
    }

    @GetMapping("/identities")
    @PreAuthorize("@access.canRead()")
    List<SigningIdentitySummary> identities() {
        return trust.identities(viewer.get());
    }

    @Operation(summary = "Trust a keyless identity (issuer + subject, exact or regular expression)")
    @PostMapping("/identities")
    @PreAuthorize("@access.canManageSigningTrust()")
    ResponseEntity<SigningIdentitySummary> addIdentity(@RequestBody NewSigningIdentity request) {
        SigningIdentitySummary created = trust.addIdentity(request, viewer.get());
        return ResponseEntity.created(URI.create("/api/v1/signing/identities")).body(created);
    }

    @PostMapping("/identities/{id}/revoke")
    @PreAuthorize("@access.canManageSigningTrust()")
    SigningIdentitySummary revokeIdentity(@PathVariable long id) {
        return trust.revokeIdentity(id, viewer.get());
    }

    @GetMapping("/trust-roots")
    @PreAuthorize("@access.canRead()")
    List<TrustRootSummary> trustRoots() {
        return trust.trustRoots();
    }

    @Operation(summary = "Store a Sigstore trusted_root.json or a Notation trust store (admins)")
    @PostMapping("/trust-roots")
    @PreAuthorize("@access.isAdmin()")
    ResponseEntity<TrustRootSummary> addTrustRoot(@RequestBody NewTrustRoot request) {
        TrustRootSummary stored = trust.addTrustRoot(request, viewer.get());
        return ResponseEntity.created(URI.create("/api/v1/signing/trust-roots")).body(stored);
    }
}
