package io.keelwatch.inventory.projects;

import io.keelwatch.access.CurrentViewer;
import io.keelwatch.inventory.NewProject;
import io.keelwatch.inventory.ProjectSummary;
import io.keelwatch.platform.Page;
import io.keelwatch.platform.PageRequest;
import io.swagger.v3.oas.annotations.Operation;
import java.net.URI;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/projects")
class ProjectApiController {

    private final ProjectService projects;
    private final CurrentViewer viewer;

    ProjectApiController(ProjectService projects, CurrentViewer viewer) {
        this.projects = projects;
        this.viewer = viewer;
    }

    @Operation(summary = "Projects the caller sees, by name: the active ones, or state=archived|all; team narrows to one team")
    @GetMapping
    @PreAuthorize("@access.canRead()")
    Page<ProjectSummary> projects(@RequestParam(required = false) String team, @RequestParam(required = false) ProjectState state,
            @RequestParam(required = false) Integer page, @RequestParam(required = false) Integer size) {
        return projects.projects(team, state, PageRequest.of(page, size, 50), viewer.get());
    }

    @GetMapping("/{slug}")
    @PreAuthorize("@access.canRead()")
    ProjectSummary project(@PathVariable String slug) {
        return projects.project(slug, viewer.get());
    }

    @Operation(summary = "Create a project (leads and admins; developers in their own team unless the installation says not)")
    @PostMapping
    @PreAuthorize("@access.canManageProjects()")
    ResponseEntity<ProjectSummary> create(@RequestBody NewProject request) {
        ProjectSummary created = projects.create(request, viewer.get());
        return ResponseEntity.created(URI.create("/api/v1/projects/" + created.slug())).body(created);
    }

    @Operation(summary = "Change a project's name, tier, description or owners (absent fields stay)")
    @PatchMapping("/{slug}")
    @PreAuthorize("@access.canManageProjects()")
    ProjectSummary change(@PathVariable String slug, @RequestBody ProjectChange change) {
        return projects.change(slug, change, viewer.get());
    }

    @Operation(summary = "Archive a project: it keeps its history and takes no new scan (leads and admins)")
    @PostMapping("/{slug}/archive")
    @PreAuthorize("@access.canArchiveProjects()")
    ProjectSummary archive(@PathVariable String slug) {
        return projects.archive(slug, viewer.get());
    }

    @Operation(summary = "Unarchive a project (leads and admins)")
    @PostMapping("/{slug}/unarchive")
    @PreAuthorize("@access.canArchiveProjects()")
    ProjectSummary unarchive(@PathVariable String slug) {
        return projects.unarchive(slug, viewer.get());
    }
}
