package io.keelwatch.access;

import io.keelwatch.platform.Page;
import io.keelwatch.platform.PageRequest;
import io.swagger.v3.oas.annotations.Operation;
import jakarta.validation.Valid;
import java.net.URI;
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
@RequestMapping("/api/v1/tokens")
class ApiTokenApiController {

    private final ApiTokenService tokens;
    private final CurrentViewer viewer;

    ApiTokenApiController(ApiTokenService tokens, CurrentViewer viewer) {
        this.tokens = tokens;
        this.viewer = viewer;
    }

    @Operation(summary = "Create an API token for yourself (admins: for anyone); the answer is the only time the secret is shown")
    @PostMapping
    @PreAuthorize("@access.canCreateTokens()")
    ResponseEntity<CreatedApiToken> create(@Valid @RequestBody NewApiToken request) {
        CreatedApiToken created = tokens.create(request, viewer.get());
        return ResponseEntity.created(URI.create("/api/v1/tokens/" + created.token().id())).body(created);
    }

    @Operation(summary = "Your API tokens (admins: everyone's, or one owner's), newest first; never secrets")
    @GetMapping
    @PreAuthorize("@access.canManageTokens()")
    Page<ApiTokenSummary> tokens(@RequestParam(required = false) String owner,
            @RequestParam(required = false) Integer page, @RequestParam(required = false) Integer size) {
        return tokens.list(owner, PageRequest.of(page, size, 50), viewer.get());
    }

    @GetMapping("/{id}")
    @PreAuthorize("@access.canManageTokens()")
    ApiTokenSummary token(@PathVariable long id) {
        return tokens.token(id, viewer.get());
    }

    @Operation(summary = "Revoke an API token at once")
    @DeleteMapping("/{id}")
    @PreAuthorize("@access.canManageTokens()")
    ResponseEntity<Void> revoke(@PathVariable long id) {
        tokens.revoke(id, viewer.get());
        return ResponseEntity.noContent().build();
    }
}
