package io.keelwatch.inventory.clusters;

import io.keelwatch.access.CurrentViewer;
import io.keelwatch.inventory.ClusterSummary;
import io.keelwatch.platform.Page;
import io.keelwatch.platform.PageRequest;
import io.swagger.v3.oas.annotations.Operation;
import java.net.URI;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/clusters")
class ClusterApiController {

    private final ClusterService clusters;
    private final CurrentViewer viewer;

    ClusterApiController(ClusterService clusters, CurrentViewer viewer) {
        this.clusters = clusters;
        this.viewer = viewer;
    }

    @Operation(summary = "Clusters by environment order, then name; environment narrows to one environment")
    @GetMapping
    @PreAuthorize("@access.canRead()")
    Page<ClusterSummary> clusters(@RequestParam(required = false) String environment,
            @RequestParam(required = false) Integer page, @RequestParam(required = false) Integer size) {
        return clusters.clusters(environment, PageRequest.of(page, size, 50));
    }

    @GetMapping("/{name}")
    @PreAuthorize("@access.canRead()")
    ClusterSummary cluster(@PathVariable String name) {
        return clusters.cluster(name);
    }

    @Operation(summary = "Create a cluster in an environment (leads and admins)")
    @PostMapping
    @PreAuthorize("@access.canManageClusters()")
    ResponseEntity<ClusterSummary> create(@RequestBody NewCluster request) {
        ClusterSummary created = clusters.create(request, viewer.get());
        return ResponseEntity.created(URI.create("/api/v1/clusters/" + created.name())).body(created);
    }

    @Operation(summary = "Rename a cluster, move it to another environment or change its description; absent fields stay (leads and admins)")
    @PatchMapping("/{name}")
    @PreAuthorize("@access.canManageClusters()")
    ClusterSummary change(@PathVariable String name, @RequestBody ClusterChange change) {
        return clusters.change(name, change, viewer.get());
    }

    @Operation(summary = "Delete a cluster without namespace rules or active tokens (leads and admins)")
    @DeleteMapping("/{name}")
    @PreAuthorize("@access.canManageClusters()")
    ResponseEntity<Void> delete(@PathVariable String name) {
        clusters.delete(name, viewer.get());
        return ResponseEntity.noContent().build();
    }
}
