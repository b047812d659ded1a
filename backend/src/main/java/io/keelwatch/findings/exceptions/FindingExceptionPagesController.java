package io.keelwatch.findings.exceptions;

import io.keelwatch.access.AccessService;
import io.keelwatch.access.CurrentViewer;
import io.keelwatch.access.Viewer;
import io.keelwatch.findings.ExceptionEdit;
import io.keelwatch.findings.ExceptionKind;
import io.keelwatch.findings.ExceptionProposal;
import io.keelwatch.findings.ExceptionState;
import io.keelwatch.findings.FindingExceptionService;
import io.keelwatch.findings.FindingExceptionSummary;
import io.keelwatch.findings.VexJustification;
import io.keelwatch.inventory.InventoryService;
import io.keelwatch.platform.CommonProblem;
import io.keelwatch.platform.KeelwatchException;
import io.keelwatch.platform.PageRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** Pages to propose, list, show, edit, approve, reject and revoke exceptions. */
@Controller
class FindingExceptionPagesController {

    private final FindingExceptionService exceptions;
    private final InventoryService inventory;
    private final AccessService access;
    private final CurrentViewer currentViewer;

    FindingExceptionPagesController(FindingExceptionService exceptions, InventoryService inventory, AccessService access,
            CurrentViewer currentViewer) {
        this.exceptions = exceptions;
        this.inventory = inventory;
        this.access = access;
        this.currentViewer = currentViewer;
    }

    @GetMapping("/exceptions")
    @PreAuthorize("@access.canRead()")
    String list(@RequestParam(required = false) String state, @RequestParam(required = false) String project,
            @RequestParam(required = false) Integer page, Model model) {
        Viewer viewer = currentViewer.get();
        ExceptionState wanted = FindingExceptionApiController.state(state);
        model.addAttribute("state", wanted);
        model.addAttribute("states", ExceptionState.values());
        model.addAttribute("page", exceptions.exceptions(wanted, project, PageRequest.of(page, 50, 50), viewer));
        model.addAttribute("mayDecide", viewer.mayDecideExceptions());
        model.addAttribute("lapsed", exceptions.recentlyLapsed(viewer));
        return "findings/exceptions";
    }

    /** The proposal form, pre-filled from a finding's page (project, vulnerability id, package). */
    @GetMapping("/exceptions/new")
    @PreAuthorize("@access.canTriage()")
    String proposeForm(@RequestParam(required = false) String project, @RequestParam(required = false) String matchId,
            @RequestParam(required = false) String packageName, Model model) {
        Viewer viewer = currentViewer.get();
        model.addAttribute("projects", inventory.visibleProjects(viewer));
        model.addAttribute("teams", access.visibleTeams(viewer));
        model.addAttribute("kinds", ExceptionKind.values());
        model.addAttribute("vexJustifications", VexJustification.values());
        model.addAttribute("project", project);
        model.addAttribute("matchId", matchId);
        model.addAttribute("packageName", packageName);
        model.addAttribute("defaultExpiry", LocalDate.now(ZoneOffset.UTC).plusDays(90));
        model.addAttribute("today", LocalDate.now(ZoneOffset.UTC));
        return "findings/exception-new";
    }

    @PostMapping("/exceptions")
    @PreAuthorize("@access.canTriage()")
    String propose(@RequestParam(required = false) String scope, @RequestParam(required = false) String matchId,
            @RequestParam(required = false) String packageName, @RequestParam(required = false) ExceptionKind kind,
            @RequestParam(required = false) String justification, @RequestParam(required = false) String vexJustification,
            @RequestParam(required = false) LocalDate expiresOn, RedirectAttributes redirect) {
        String project = scope != null && scope.startsWith("project:") ? scope.substring(8) : null;
        String team = scope != null && scope.startsWith("team:") ? scope.substring(5) : null;
        try {
            FindingExceptionSummary created = exceptions.propose(new ExceptionProposal(project, team, matchId, packageName,
                    kind, justification, vexJustification,
                    endOf(expiresOn)),
                    currentViewer.get());
            redirect.addFlashAttribute("message", "Exception " + created.id() + " proposed; a security lead decides on it.");
        } catch (KeelwatchException e) {
            redirect.addFlashAttribute("error", e.getMessage());
            return "redirect:/exceptions/new";
        }
        return "redirect:/exceptions";
    }

    /** One exception: what it says, its history, and the edit form for those who may edit it. */
    @GetMapping("/exceptions/{id}")
    @PreAuthorize("@access.canRead()")
    String exception(@PathVariable long id, Model model) {
        Viewer viewer = currentViewer.get();
        FindingExceptionSummary exception = exceptions.exception(id, viewer);
        prepare(exception, viewer, model);
        model.addAttribute("justification", exception.justification());
        model.addAttribute("packageName", exception.packageName());
        model.addAttribute("expiresOn", lastDay(exception.expiresAt()));
        return "findings/exception";
    }

    /**
     * The edit form. Success redirects back to the page; a refusal (invalid, closed, not allowed)
     * shows the page again with the message and what was typed, under the status the API would give.
     */
    @PostMapping("/exceptions/{id}/edit")
    @PreAuthorize("@access.canTriage()")
    String edit(@PathVariable long id, @RequestParam(required = false) String justification,
            @RequestParam(required = false) String packageName, @RequestParam(required = false) LocalDate expiresOn,
            Model model, HttpServletResponse response, RedirectAttributes redirect) {
        Viewer viewer = currentViewer.get();
        FindingExceptionSummary current = exceptions.exception(id, viewer); // another team's: 404 like every read
        // the form shows the last valid day; sent back unchanged it must not move the expiry
        OffsetDateTime expiresAt = expiresOn == null || expiresOn.equals(lastDay(current.expiresAt())) ? null : endOf(expiresOn);
        try {
            exceptions.edit(id, new ExceptionEdit(justification, expiresAt, packageName), viewer);
            redirect.addFlashAttribute("message", "Exception " + id + " saved.");
            return "redirect:/exceptions/" + id;
        } catch (KeelwatchException e) {
            if (e.kind() == CommonProblem.NOT_FOUND) {
                throw e;
            }
            response.setStatus(e.kind().status().value());
            prepare(exceptions.exception(id, viewer), viewer, model);
            model.addAttribute("editError", e.getMessage()); // next to the form, not in the page's flash area
            model.addAttribute("justification", justification == null ? current.justification() : justification);
            model.addAttribute("packageName", packageName == null ? current.packageName() : packageName);
            model.addAttribute("expiresOn", expiresOn == null ? lastDay(current.expiresAt()) : expiresOn);
            return "findings/exception";
        }
    }

    private void prepare(FindingExceptionSummary exception, Viewer viewer, Model model) {
        model.addAttribute("e", exception);
        model.addAttribute("history", exceptions.history(exception.id(), viewer));
        model.addAttribute("mayEdit", exceptions.mayEdit(exception.id(), viewer));
        model.addAttribute("mayDecide", viewer.mayDecideExceptions());
        model.addAttribute("today", LocalDate.now(ZoneOffset.UTC));
    }

    /** A date picked in a form means "valid through that day (UTC)": the exception expires when the next day starts. */
    static OffsetDateTime endOf(LocalDate lastDay) {
        return lastDay == null ? null : lastDay.plusDays(1).atStartOfDay().atOffset(ZoneOffset.UTC);
    }

    /** The inverse of {@link #endOf}: the last day (UTC) on which an exception is still valid. */
    static LocalDate lastDay(OffsetDateTime expiresAt) {
        return expiresAt == null ? null : expiresAt.withOffsetSameInstant(ZoneOffset.UTC).minusNanos(1).toLocalDate();
    }

    @PostMapping("/exceptions/{id}/{decision:approve|reject|revoke}")
    @PreAuthorize("@access.canDecideExceptions()")
    String decide(@PathVariable long id, @PathVariable String decision, RedirectAttributes redirect) {
        Viewer viewer = currentViewer.get();
        try {
            FindingExceptionSummary e = switch (decision) {
                case "approve" -> exceptions.approve(id, viewer);
                case "reject" -> exceptions.reject(id, viewer);
                default -> exceptions.revoke(id, viewer);
            };
            redirect.addFlashAttribute("message", "Exception " + id + " is " + e.state() + ".");
        } catch (KeelwatchException e) {
            redirect.addFlashAttribute("error", e.getMessage());
        }
        return "redirect:/exceptions";
    }
}
