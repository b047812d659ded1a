package io.keelwatch.inventory.pages;

import io.keelwatch.access.CurrentViewer;
import io.keelwatch.access.Viewer;
import io.keelwatch.inventory.NewProject;
import io.keelwatch.inventory.ProjectSummary;
import io.keelwatch.inventory.projects.ProjectChange;
import io.keelwatch.inventory.projects.ProjectService;
import io.keelwatch.inventory.projects.ProjectState;
import io.keelwatch.inventory.rules.RepositoryRuleService;
import io.keelwatch.platform.CommonProblem;
import io.keelwatch.platform.KeelwatchException;
import io.keelwatch.platform.PageRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** Projects and their repository rules in the browser. */
@Controller
class ProjectPagesController {

    private static final int PROJECTS_PER_PAGE = 50;
    private static final List<Integer> TIERS = List.of(1, 2, 3);

    private final ProjectService projects;
    private final RepositoryRuleService rules;
    private final CurrentViewer currentViewer;

    ProjectPagesController(ProjectService projects, RepositoryRuleService rules, CurrentViewer currentViewer) {
        this.projects = projects;
        this.rules = rules;
        this.currentViewer = currentViewer;
    }

    @GetMapping("/projects")
    @PreAuthorize("@access.canRead()")
    String list(@RequestParam(required = false) ProjectState state, @RequestParam(required = false) String repository,
            @RequestParam(required = false) Integer page, Model model) {
        Viewer viewer = currentViewer.get();
        ProjectState shown = state == null ? ProjectState.active : state;
        model.addAttribute("page", projects.projects(null, shown, PageRequest.of(page, PROJECTS_PER_PAGE, PROJECTS_PER_PAGE), viewer));
        model.addAttribute("state", shown);
        model.addAttribute("states", ProjectState.values());
        model.addAttribute("mayCreate", !projects.teamsForNewProjects(viewer).isEmpty());
        preview(model, repository, viewer);
        return "inventory/projects";
    }

    @GetMapping("/projects/new")
    @PreAuthorize("@access.canManageProjects()")
    String newProject(Model model) {
        return form(model, null, new ProjectSummary(0, "", "", null, 2, null, List.of(), false, null, null));
    }

    @PostMapping("/projects")
    @PreAuthorize("@access.canManageProjects()")
    String create(@RequestParam(defaultValue = "") String team, @RequestParam(defaultValue = "") String slug,
            @RequestParam(defaultValue = "") String name, @RequestParam(required = false) Integer tier,
            @RequestParam(required = false) String description, @RequestParam(defaultValue = "") String owners,
            Model model, HttpServletResponse response, RedirectAttributes redirect) {
        NewProject request = new NewProject(team.strip(), slug.strip(), name, tier, description, usernames(owners));
        try {
            ProjectSummary created = projects.create(request, currentViewer.get());
            redirect.addFlashAttribute("message", "Project " + created.slug() + " created.");
            return "redirect:/projects/" + created.slug();
        } catch (KeelwatchException e) {
            response.setStatus(e.kind().status().value());
            model.addAttribute("error", e.getMessage());
            return form(model, null, new ProjectSummary(0, request.slug(), name, request.team(), tier == null ? 2 : tier,
                    description, request.owners(), false, null, null));
        }
    }

    @GetMapping("/projects/{slug}")
    @PreAuthorize("@access.canRead()")
    String project(@PathVariable String slug, @RequestParam(required = false) String repository, Model model) {
        return detail(model, slug, repository);
    }

    @GetMapping("/projects/{slug}/edit")
    @PreAuthorize("@access.canManageProjects()")
    String edit(@PathVariable String slug, Model model) {
        Viewer viewer = currentViewer.get();
        projects.requireEditable(slug, viewer);
        return form(model, slug, projects.project(slug, viewer));
    }

    @PostMapping("/projects/{slug}")
    @PreAuthorize("@access.canManageProjects()")
    String change(@PathVariable String slug, @RequestParam(defaultValue = "") String name, @RequestParam(required = false) Integer tier,
            @RequestParam(defaultValue = "") String description, @RequestParam(defaultValue = "") String owners,
            Model model, HttpServletResponse response, RedirectAttributes redirect) {
        Viewer viewer = currentViewer.get();
        ProjectChange change = new ProjectChange(name, tier, description, usernames(owners));
        return changed(model, response, () -> projects.change(slug, change, viewer), "Project saved.", redirect, slug,
                () -> form(model, slug, projects.project(slug, viewer)));
    }

    @PostMapping("/projects/{slug}/archive")
    @PreAuthorize("@access.canArchiveProjects()")
    String archive(@PathVariable String slug, RedirectAttributes redirect) {
        projects.archive(slug, currentViewer.get());
        redirect.addFlashAttribute("message", "Project archived: it keeps its history and takes no new scan.");
        return "redirect:/projects/" + slug;
    }

    @PostMapping("/projects/{slug}/unarchive")
    @PreAuthorize("@access.canArchiveProjects()")
    String unarchive(@PathVariable String slug, RedirectAttributes redirect) {
        projects.unarchive(slug, currentViewer.get());
        redirect.addFlashAttribute("message", "Project unarchived: it takes scans again.");
        return "redirect:/projects/" + slug;
    }

    @PostMapping("/projects/{slug}/repository-rules")
    @PreAuthorize("@access.canManageProjects()")
    String addRule(@PathVariable String slug, @RequestParam(defaultValue = "") String pattern, Model model,
            HttpServletResponse response, RedirectAttributes redirect) {
        Viewer viewer = currentViewer.get();
        return changed(model, response, () -> rules.add(slug, pattern, viewer), "Rule " + pattern.strip() + " added.", redirect, slug,
                () -> {
                    model.addAttribute("pattern", pattern);
                    return detail(model, slug, null);
                });
    }

    @PostMapping("/projects/{slug}/repository-rules/{id}/delete")
    @PreAuthorize("@access.canManageProjects()")
    String deleteRule(@PathVariable String slug, @PathVariable long id, RedirectAttributes redirect) {
        rules.delete(slug, id, currentViewer.get());
        redirect.addFlashAttribute("message", "Rule deleted.");
        return "redirect:/projects/" + slug;
    }

    /**
     * Runs a change and goes back to the project's page; a refusal stays on {@code page} with the reason
     * and the API's status, except a project the caller cannot see, which is missing (the error page).
     */
    private String changed(Model model, HttpServletResponse response, Runnable change, String done, RedirectAttributes redirect,
            String slug, Supplier<String> page) {
        try {
            change.run();
        } catch (KeelwatchException e) {
            if (e.kind() == CommonProblem.NOT_FOUND) {
                throw e;
            }
            response.setStatus(e.kind().status().value());
            model.addAttribute("error", e.getMessage());
            return page.get();
        }
        redirect.addFlashAttribute("message", done);
        return "redirect:/projects/" + slug;
    }

    private String detail(Model model, String slug, String repository) {
        Viewer viewer = currentViewer.get();
        ProjectSummary project = projects.project(slug, viewer);
        model.addAttribute("project", project);
        model.addAttribute("rules", rules.rules(slug, viewer));
        model.addAttribute("mayEdit", projects.mayEdit(project, viewer));
        model.addAttribute("mayArchive", viewer.mayArchiveProjects());
        preview(model, repository, viewer);
        return "inventory/project";
    }

    /** The new-project form ({@code slug} null) or a project's edit form, filled with {@code values}. */
    private String form(Model model, String slug, ProjectSummary values) {
        // a title naming "new" cannot be written in the template: Thymeleaf refuses the word in restricted expressions
        model.addAttribute("pageTitle", slug == null ? "New project" : "Edit project " + slug);
        model.addAttribute("editing", slug);
        model.addAttribute("values", values);
        model.addAttribute("teams", slug == null ? projects.teamsForNewProjects(currentViewer.get()) : List.of());
        model.addAttribute("tiers", TIERS);
        return "inventory/project-form";
    }

    /** Where an upload of {@code repository} would go, when the page was asked. */
    private void preview(Model model, String repository, Viewer viewer) {
        if (repository == null) {
            return;
        }
        model.addAttribute("repository", repository);
        try {
            model.addAttribute("match", rules.match(repository, viewer));
        } catch (KeelwatchException e) {
            model.addAttribute("matchError", e.getMessage());
        }
    }

    /** Owners as a form gives them: usernames separated by commas or spaces. */
    private static List<String> usernames(String owners) {
        return Arrays.stream(owners.split("[,\\s]+")).filter(s -> !s.isBlank()).toList();
    }
}
