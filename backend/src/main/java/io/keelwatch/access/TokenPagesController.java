package io.keelwatch.access;

import io.keelwatch.platform.KeelwatchException;
import io.keelwatch.platform.PageRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.OffsetDateTime;
import java.util.List;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** The signed-in user's own API tokens: list, create (the secret is shown on that one page only), revoke. */
@Controller
class TokenPagesController {

    static final List<Integer> EXPIRY_DAYS = List.of(30, 90, 365);

    private final ApiTokenService tokens;
    private final AccessService access;
    private final ClusterDirectory clusters;
    private final CurrentViewer currentViewer;

    TokenPagesController(ApiTokenService tokens, AccessService access, ClusterDirectory clusters, CurrentViewer currentViewer) {
        this.tokens = tokens;
        this.access = access;
        this.clusters = clusters;
        this.currentViewer = currentViewer;
    }

    @GetMapping("/settings/tokens")
    @PreAuthorize("@access.canManageTokens()")
    String list(@RequestParam(required = false) Integer page, Model model) {
        prepare(model, currentViewer.get(), page);
        return "access/tokens";
    }

    /** Answers with the page itself, not a redirect: the secret must not travel through a URL or the session. */
    @PostMapping("/settings/tokens")
    @PreAuthorize("@access.canCreateTokens()")
    String create(@RequestParam(defaultValue = "") String name,
            @RequestParam(required = false) List<String> scopes,
            @RequestParam(required = false) String team,
            @RequestParam(required = false) String cluster,
            @RequestParam(required = false) Integer expiresInDays,
            Model model, HttpServletResponse response) {
        Viewer viewer = currentViewer.get();
        try {
            OffsetDateTime expiresAt = expiresInDays == null ? null : OffsetDateTime.now().plusDays(expiresInDays);
            model.addAttribute("created", tokens.create(
                    new NewApiToken(name, null, team, scopes == null ? List.of() : scopes, expiresAt, cluster), viewer));
        } catch (KeelwatchException e) {
            response.setStatus(e.kind().status().value());
            model.addAttribute("error", e.getMessage());
        }
        prepare(model, viewer, 0);
        return "access/tokens";
    }

    @PostMapping("/settings/tokens/{id}/revoke")
    @PreAuthorize("@access.canManageTokens()")
    String revoke(@PathVariable long id) {
        Viewer viewer = currentViewer.get();
        ApiTokenSummary token = tokens.token(id, viewer);
        if (!token.owner().equalsIgnoreCase(viewer.username())) {
            throw KeelwatchException.notFound("Token " + id);
        }
        tokens.revoke(id, viewer);
        return "redirect:/settings/tokens";
    }

    private void prepare(Model model, Viewer viewer, Integer page) {
        model.addAttribute("page", tokens.list(viewer.username(), PageRequest.of(page, 50, 50), viewer));
        model.addAttribute("mayCreate", viewer.mayCreateTokens());
        model.addAttribute("scopes", Scope.grantableTo(viewer.role()).stream().map(Scope::value).toList());
        model.addAttribute("teams", access.visibleTeams(viewer));
        model.addAttribute("clusters", viewer.mayCreateClusterTokens() ? clusters.clusterNames() : List.of());
        model.addAttribute("expiryDays", EXPIRY_DAYS);
    }
}
