package io.keelwatch.inventory.clusters;

import io.keelwatch.access.CurrentViewer;
import io.swagger.v3.oas.annotations.Operation;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/clusters/{cluster}")
class NamespaceRuleApiController {

    private final NamespaceRuleService rules;
    private final CurrentViewer viewer;

    NamespaceRuleApiController(NamespaceRuleService rules, CurrentViewer viewer) {
        this.rules = rules;
        this.viewer = viewer;
    }

    @Operation(summary = "The cluster's namespace rules of projects you see, in the order they are tried (longest pattern first)")
    @GetMapping("/namespace-rules")
    @PreAuthorize("@access.canRead()")
    List<NamespaceRuleSummary> rules(@PathVariable String cluster) {
        return rules.rules(cluster, viewer.get());
    }

    @Operation(summary = "Give the namespaces a glob matches to a project (leads and admins); a pattern is used once per cluster")
    @PostMapping("/namespace-rules")
    @PreAuthorize("@access.canManageClusters()")
    ResponseEntity<NamespaceRuleSummary> add(@PathVariable String cluster, @RequestBody NewNamespaceRule request) {
        return ResponseEntity.status(HttpStatus.CREATED).body(rules.add(cluster, request, viewer.get()));
    }

    @Operation(summary = "Delete a namespace rule; its namespaces go to the next matching rule, or to leads and admins only")
    @DeleteMapping("/namespace-rules/{id}")
    @PreAuthorize("@access.canManageClusters()")
    ResponseEntity<Void> delete(@PathVariable String cluster, @PathVariable long id) {
        rules.delete(cluster, id, viewer.get());
        return ResponseEntity.noContent().build();
    }

    @Operation(summary = "Which project owns a namespace of the cluster; no owner: not one of your teams' "
            + "(or, for leads, auditors and admins: no rule maps it, so its evidence is theirs only)")
    @GetMapping("/namespace-owner")
    @PreAuthorize("@access.canRead()")
    NamespacePreview owner(@PathVariable String cluster, @RequestParam(required = false) String namespace) {
        return rules.preview(cluster, namespace, viewer.get());
    }
}
