package io.keelwatch.inventory.environments;

import io.keelwatch.access.CurrentViewer;
import io.keelwatch.inventory.EnvironmentSummary;
import io.swagger.v3.oas.annotations.Operation;
import java.net.URI;
import java.util.List;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/environments")
class EnvironmentApiController {

    private final EnvironmentService environments;
    private final CurrentViewer viewer;

    EnvironmentApiController(EnvironmentService environments, CurrentViewer viewer) {
        this.environments = environments;
        this.viewer = viewer;
    }

    @Operation(summary = "Every environment, from least to most critical, with its number of clusters")
    @GetMapping
    @PreAuthorize("@access.canRead()")
    List<EnvironmentSummary> environments() {
        return environments.environments();
    }

    @GetMapping("/{name}")
    @PreAuthorize("@access.canRead()")
    EnvironmentSummary environment(@PathVariable String name) {
        return environments.environment(name);
    }

    @Operation(summary = "Create an environment, placed last (most critical) until reordered (leads and admins)")
    @PostMapping
    @PreAuthorize("@access.canManageClusters()")
    ResponseEntity<EnvironmentSummary> create(@RequestBody EnvironmentName request) {
        EnvironmentSummary created = environments.create(request, viewer.get());
        return ResponseEntity.created(URI.create("/api/v1/environments/" + created.name())).body(created);
    }

    @Operation(summary = "Rename an environment; its clusters and place stay (leads and admins)")
    @PatchMapping("/{name}")
    @PreAuthorize("@access.canManageClusters()")
    EnvironmentSummary rename(@PathVariable String name, @RequestBody EnvironmentName request) {
        return environments.rename(name, request, viewer.get());
    }

    @Operation(summary = "Order the environments from least to most critical, naming each once (leads and admins)")
    @PutMapping("/order")
    @PreAuthorize("@access.canManageClusters()")
    List<EnvironmentSummary> reorder(@RequestBody EnvironmentOrder request) {
        return environments.reorder(request, viewer.get());
    }

    @Operation(summary = "Delete an environment no cluster runs in (leads and admins)")
    @DeleteMapping("/{name}")
    @PreAuthorize("@access.canManageClusters()")
    ResponseEntity<Void> delete(@PathVariable String name) {
        environments.delete(name, viewer.get());
        return ResponseEntity.noContent().build();
    }
}
