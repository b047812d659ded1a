package io.keelwatch.recovery.policies;

import io.keelwatch.access.CurrentViewer;
import io.keelwatch.recovery.NewRecoveryPolicy;
import io.swagger.v3.oas.annotations.Operation;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
class PolicyApiController {

    private final PolicyService policies;
    private final CurrentViewer viewer;

    PolicyApiController(PolicyService policies, CurrentViewer viewer) {
        this.policies = policies;
        this.viewer = viewer;
    }

    @Operation(summary = "Recovery policies the caller sees (their teams' projects and namespaces; cluster-wide ones for leads, auditors, admins)")
    @GetMapping("/api/v1/recovery/policies")
    @PreAuthorize("@access.canRead()")
    List<PolicySummary> list() {
        return policies.policies(viewer.get());
    }

    @Operation(summary = "Set the recovery policy of a cluster, a namespace of a cluster, or a project (created, or changed in "
            + "place): rpo, rto, schedule, minTtl, restoreTestEvery as durations (24h, 90m, 30d)")
    @PostMapping("/api/v1/recovery/policies")
    @PreAuthorize("@access.canManageRecoveryPolicies()")
    PolicySummary set(@RequestBody NewRecoveryPolicy body) {
        return policies.set(body, viewer.get());
    }

    @Operation(summary = "Remove a recovery policy")
    @DeleteMapping("/api/v1/recovery/policies/{id}")
    @PreAuthorize("@access.canManageRecoveryPolicies()")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void delete(@PathVariable long id) {
        policies.delete(id, viewer.get());
    }
}
