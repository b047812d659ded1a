package io.keelwatch.signing.signatures;

import io.keelwatch.access.CurrentViewer;
import io.keelwatch.signing.ImageSigningStatus;
import io.keelwatch.signing.SignatureReceipt;
import io.keelwatch.signing.SignatureSubmission;
import io.swagger.v3.oas.annotations.Operation;
import java.net.URI;
import java.util.List;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
class SignatureApiController {

    private final SignatureIngest ingest;
    private final SignerFlags flags;
    private final CurrentViewer viewer;

    SignatureApiController(SignatureIngest ingest, SignerFlags flags, CurrentViewer viewer) {
        this.ingest = ingest;
        this.flags = flags;
        this.viewer = viewer;
    }

    @Operation(summary = "Submit an image signature (key-based cosign, verified here; or cosign verify output, recorded as reported)")
    @PostMapping("/api/v1/signatures")
    @PreAuthorize("@access.canSubmitSignatures()")
    ResponseEntity<SignatureReceipt> submit(@RequestBody SignatureSubmission submission) {
        SignatureReceipt receipt = ingest.submit(submission, viewer.get());
        return ResponseEntity.created(URI.create("/api/v1/images/" + receipt.imageId() + "/signatures?project=" + receipt.project()))
                .body(receipt);
    }

    @Operation(summary = "An image's signing status in a project and its signatures")
    @GetMapping("/api/v1/images/{id}/signatures")
    @PreAuthorize("@access.canRead()")
    ImageSigningStatus status(@PathVariable long id, @RequestParam String project) {
        return ingest.status(id, project, viewer.get());
    }

    @Operation(summary = "Trusted keys and reported signers, with how many signatures and images they signed and when last")
    @GetMapping("/api/v1/signing/signers")
    @PreAuthorize("@access.canRead()")
    List<SignerSummary> signers() {
        return ingest.signers(viewer.get());
    }

    @Operation(summary = "Signer flags on projects' posture: signers new to a project, trusted keys near their expiry")
    @GetMapping("/api/v1/signing/signer-flags")
    @PreAuthorize("@access.canRead()")
    SignerPosture signerFlags(@RequestParam(required = false) String project) {
        return flags.find(project, viewer.get());
    }
}
