package io.keelwatch.signing.gate;

import io.keelwatch.access.CurrentViewer;
import io.swagger.v3.oas.annotations.Operation;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * The CI gate. A deny answers 403 with the decision as its body, so {@code curl --fail} fails the pipeline step;
 * allow and warn answer 200 (a warning is for people to read, not a broken build).
 */
@RestController
class GateApiController {

    private final GateRequests requests;
    private final WouldDeny wouldDeny;
    private final UnsignedWhereRequired unsigned;
    private final CurrentViewer viewer;

    GateApiController(GateRequests requests, WouldDeny wouldDeny, UnsignedWhereRequired unsigned, CurrentViewer viewer) {
        this.requests = requests;
        this.wouldDeny = wouldDeny;
        this.unsigned = unsigned;
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

    @Operation(summary = "Images running now (in workloads you see) that break a rule of a matching policy: denied now, or "
            + "warned (denied once the policy enforces); most critical environment first")
    @GetMapping("/api/v1/gate/would-deny")
    @PreAuthorize("@access.canRead()")
    List<GateDecision> wouldDeny(@RequestParam(required = false) String environment) {
        return wouldDeny.running(environment, viewer.get());
    }

    @Operation(summary = "Images running now (in workloads you see) in an environment where a policy requires a signature, "
            + "without one it accepts; per environment and project, most critical environment first")
    @GetMapping("/api/v1/gate/unsigned-running")
    @PreAuthorize("@access.canRead()")
    List<UnsignedRunning> unsignedRunning(@RequestParam(required = false) String project) {
        return unsigned.find(project, viewer.get());
    }
}
