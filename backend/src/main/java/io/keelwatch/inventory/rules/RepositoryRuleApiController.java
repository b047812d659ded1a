package io.keelwatch.inventory.rules;

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
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
class RepositoryRuleApiController {

    private final RepositoryRuleService rules;
    private final CurrentViewer viewer;

    RepositoryRuleApiController(RepositoryRuleService rules, CurrentViewer viewer) {
        this.rules = rules;
        this.viewer = viewer;
    }

    @Operation(summary = "A project's repository rules, most specific first")
    @GetMapping("/api/v1/projects/{slug}/repository-rules")
    @PreAuthorize("@access.canRead()")
    List<RepositoryRuleSummary> rules(@PathVariable String slug) {
        return rules.rules(slug, viewer.get());
    }

    @Operation(summary = "Add a repository rule (a glob such as ghcr.io/acme/payments-*) to a project")
    @PostMapping("/api/v1/projects/{slug}/repository-rules")
    @PreAuthorize("@access.canManageProjects()")
    ResponseEntity<RepositoryRuleSummary> add(@PathVariable String slug, @RequestBody NewRepositoryRule request) {
        return ResponseEntity.status(HttpStatus.CREATED).body(rules.add(slug, request.pattern(), viewer.get()));
    }

    @DeleteMapping("/api/v1/projects/{slug}/repository-rules/{id}")
    @PreAuthorize("@access.canManageProjects()")
    ResponseEntity<Void> delete(@PathVariable String slug, @PathVariable long id) {
        rules.delete(slug, id, viewer.get());
        return ResponseEntity.noContent().build();
    }

    @Operation(summary = "Which project an upload of this repository without ?project= would go to, and by which rule")
    @GetMapping("/api/v1/repository-rules/match")
    @PreAuthorize("@access.canRead()")
    RepositoryMatch match(@RequestParam String repository) {
        return rules.match(repository, viewer.get());
    }
}
