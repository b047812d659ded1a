package io.keelwatch.access;

import io.keelwatch.platform.CommonProblem;
import io.keelwatch.platform.KeelwatchException;
import io.keelwatch.platform.PageRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * Administration in the browser: teams, local accounts and who belongs to which team. The same
 * service calls (and audit entries) as the admin API; a refused change stays on the page with its
 * reason and the status the API would give.
 */
@Controller
class AdminPagesController {

    private final AccessService access;
    private final CurrentViewer currentViewer;
    private final Validator validator;

    AdminPagesController(AccessService access, CurrentViewer currentViewer, Validator validator) {
        this.access = access;
        this.currentViewer = currentViewer;
        this.validator = validator;
    }

    private static final int ACCOUNTS_PER_PAGE = 50;

    @GetMapping("/admin")
    @PreAuthorize("@access.isAdmin()")
    String admin(@RequestParam(required = false) String done, @RequestParam(required = false) Integer page, Model model) {
        model.addAttribute("done", done);
        return page(model, page == null ? 0 : page);
    }

    @PostMapping("/admin/teams")
    @PreAuthorize("@access.isAdmin()")
    String createTeam(@RequestParam(defaultValue = "") String slug, @RequestParam(defaultValue = "") String name,
            Model model, HttpServletResponse response) {
        return change(model, response, () -> access.createTeam(valid(new NewTeam(slug.strip(), name.strip())), currentViewer.get()),
                "Team " + slug.strip() + " created.");
    }

    @PostMapping("/admin/users")
    @PreAuthorize("@access.isAdmin()")
    String createUser(@RequestParam(defaultValue = "") String username, @RequestParam(defaultValue = "") String displayName,
            @RequestParam(required = false) String email, @RequestParam(defaultValue = "") String password,
            @RequestParam(required = false) Role role, @RequestParam(required = false) List<String> teams,
            Model model, HttpServletResponse response) {
        NewUser user = new NewUser(username.strip(), displayName.strip(), email == null || email.isBlank() ? null : email.strip(),
                password, role, teams == null ? List.of() : teams);
        return change(model, response, () -> access.createUser(valid(user), currentViewer.get()),
                "Account " + username.strip() + " created.");
    }

    @PostMapping("/admin/users/{id}/teams")
    @PreAuthorize("@access.isAdmin()")
    String assignTeams(@PathVariable long id, @RequestParam(required = false) List<String> teams,
            Model model, HttpServletResponse response) {
        return change(model, response, () -> access.assignTeams(id, new TeamAssignment(teams == null ? List.of() : teams),
                currentViewer.get()), "Memberships saved.");
    }

    @PostMapping("/admin/users/{id}")
    @PreAuthorize("@access.isAdmin()")
    String changeAccount(@PathVariable long id, @RequestParam Role role, @RequestParam(defaultValue = "false") boolean enabled,
            Model model, HttpServletResponse response) {
        return change(model, response, () -> access.changeAccount(id, new AccountChange(role, enabled), currentViewer.get()),
                "Account saved.");
    }

    private String change(Model model, HttpServletResponse response, Runnable change, String done) {
        try {
            change.run();
        } catch (KeelwatchException e) {
            response.setStatus(e.kind().status().value());
            model.addAttribute("error", e.getMessage());
            return page(model, 0);
        }
        return "redirect:/admin?done=" + URLEncoder.encode(done, StandardCharsets.UTF_8);
    }

    private <T> T valid(T request) {
        Set<ConstraintViolation<T>> violations = validator.validate(request);
        if (!violations.isEmpty()) {
            throw new KeelwatchException(CommonProblem.INVALID_REQUEST, violations.stream()
                    .map(v -> v.getPropertyPath() + ": " + v.getMessage())
                    .sorted()
                    .collect(Collectors.joining("; ")));
        }
        return request;
    }

    /** Accounts page by 50; every team is listed, since each account's row offers them all as memberships. */
    private String page(Model model, int accountsPage) {
        Viewer viewer = currentViewer.get();
        model.addAttribute("teams", access.teams(new PageRequest(0, PageRequest.MAX_SIZE), viewer).items());
        model.addAttribute("users", access.users(new PageRequest(accountsPage, ACCOUNTS_PER_PAGE), viewer));
        model.addAttribute("roles", Role.values());
        return "access/admin";
    }
}
