package io.keelwatch.signing.gate;

import io.keelwatch.access.CurrentViewer;
import io.swagger.v3.oas.annotations.Operation;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * The CI gate. A deny answers 403 with the decision as its body, so {@code curl --fail} fails the pipeline step;
 * allow and warn answer 200 (a warning is for people to read, not a broken build).
 */
@RestController
class GateApiController {

    private final GateRequests requests;
    private final CurrentViewer viewer;

    GateApiController(GateRequests requests, CurrentViewer viewer) {
        this.requests = requests;
        this.viewer = viewer;
    }

    /** What CI sends: {@code image} as repository@sha256:… (a tag may precede the digest) and the environment deployed to. */
    record GateRequest(String image, String environment) {
    }

    @Operation(summary = "The gate's decision for an image in an environment: allow, warn (200) or deny (403), with every reason")
    @PostMapping("/api/v1/gate")
    @PreAuthorize("@access.canRead()")
    ResponseEntity<GateDecision> decide(@RequestBody GateRequest request) {
        GateDecision decision = requests.decideForCi(request == null ? null : request.image(),
                request == null ? null : request.environment(), viewer.get());
        return ResponseEntity.status(decision.denied() ? HttpStatus.FORBIDDEN : HttpStatus.OK).body(decision);
    }
}
