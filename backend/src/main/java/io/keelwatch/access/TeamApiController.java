package io.keelwatch.access;

import io.keelwatch.platform.Page;
import io.keelwatch.platform.PageRequest;
import io.swagger.v3.oas.annotations.Operation;
import jakarta.validation.Valid;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/teams")
class TeamApiController {

    private final AccessService access;
    private final CurrentViewer viewer;

    TeamApiController(AccessService access, CurrentViewer viewer) {
        this.access = access;
        this.viewer = viewer;
    }

    @Operation(summary = "Create a team (admin)")
    @PostMapping
    @PreAuthorize("@access.isAdmin()")
    ResponseEntity<TeamSummary> create(@Valid @RequestBody NewTeam request) {
        return ResponseEntity.status(HttpStatus.CREATED).body(access.createTeam(request, viewer.get()));
    }

    @Operation(summary = "All teams, by slug (admin)")
    @GetMapping
    @PreAuthorize("@access.isAdmin()")
    Page<TeamSummary> teams(@RequestParam(required = false) Integer page, @RequestParam(required = false) Integer size) {
        return access.teams(PageRequest.of(page, size, 50), viewer.get());
    }
}
