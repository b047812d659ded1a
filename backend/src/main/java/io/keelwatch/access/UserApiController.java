package io.keelwatch.access;

import io.keelwatch.platform.Page;
import io.keelwatch.platform.PageRequest;
import io.swagger.v3.oas.annotations.Operation;
import jakarta.validation.Valid;
import java.net.URI;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/users")
class UserApiController {

    private final AccessService access;
    private final CurrentViewer viewer;

    UserApiController(AccessService access, CurrentViewer viewer) {
        this.access = access;
        this.viewer = viewer;
    }

    @Operation(summary = "Create a local account with a role and teams (admin)")
    @PostMapping
    @PreAuthorize("@access.isAdmin()")
    ResponseEntity<UserSummary> create(@Valid @RequestBody NewUser request) {
        UserSummary user = access.createUser(request, viewer.get());
        return ResponseEntity.created(URI.create("/api/v1/users/" + user.id())).body(user);
    }

    @Operation(summary = "All accounts, by username (admin)")
    @GetMapping
    @PreAuthorize("@access.isAdmin()")
    Page<UserSummary> users(@RequestParam(required = false) Integer page, @RequestParam(required = false) Integer size) {
        return access.users(PageRequest.of(page, size, 50), viewer.get());
    }

    @Operation(summary = "Change a user's role or disable/enable the account; their browser sessions end (admin)")
    @PatchMapping("/{id}")
    @PreAuthorize("@access.isAdmin()")
    UserSummary change(@PathVariable long id, @RequestBody AccountChange request) {
        return access.changeAccount(id, request, viewer.get());
    }

    @Operation(summary = "Make a user a member of exactly these teams (admin)")
    @PutMapping("/{id}/teams")
    @PreAuthorize("@access.isAdmin()")
    UserSummary assignTeams(@PathVariable long id, @Valid @RequestBody TeamAssignment request) {
        return access.assignTeams(id, request, viewer.get());
    }
}
