package io.keelwatch.signing.gate;

import io.keelwatch.access.CurrentViewer;
import io.swagger.v3.oas.annotations.Operation;
import java.net.URI;
import java.util.List;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/gate/policies")
class GatePolicyApiController {

    private final GatePolicyService policies;
    private final CurrentViewer viewer;

    GatePolicyApiController(GatePolicyService policies, CurrentViewer viewer) {
        this.policies = policies;
        this.viewer = viewer;
    }

    @Operation(summary = "Every gate policy, by name")
    @GetMapping
    @PreAuthorize("@access.canRead()")
    List<GatePolicySummary> policies() {
        return policies.policies();
    }

    @GetMapping("/{id}")
    @PreAuthorize("@access.canRead()")
    GatePolicySummary policy(@PathVariable long id) {
        return policies.policy(id);
    }

    @Operation(summary = "Create a gate policy (leads and admins; tokens need signatures:write)")
    @PostMapping
    @PreAuthorize("@access.canManageGatePolicies()")
    ResponseEntity<GatePolicySummary> create(@RequestBody GatePolicyRequest request) {
        GatePolicySummary created = policies.create(request, viewer.get());
        return ResponseEntity.created(URI.create("/api/v1/gate/policies/" + created.id())).body(created);
    }

    @Operation(summary = "Replace a gate policy's terms, e.g. switch it from warn to enforce (leads and admins)")
    @PutMapping("/{id}")
    @PreAuthorize("@access.canManageGatePolicies()")
    GatePolicySummary replace(@PathVariable long id, @RequestBody GatePolicyRequest request) {
        return policies.replace(id, request, viewer.get());
    }

    @Operation(summary = "Delete a gate policy (leads and admins)")
    @DeleteMapping("/{id}")
    @PreAuthorize("@access.canManageGatePolicies()")
    ResponseEntity<Void> delete(@PathVariable long id) {
        policies.delete(id, viewer.get());
        return ResponseEntity.noContent().build();
    }
}
