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
import io.keelwatch.findings.GateWaiverProposal;
import io.keelwatch.findings.MuteProposal;
import io.keelwatch.findings.VexJustification;
import io.keelwatch.findings.vex.OpenVexExport;
import io.keelwatch.findings.vex.OpenVexImport;
import io.keelwatch.inventory.InventoryService;
import io.keelwatch.platform.CommonProblem;
import io.keelwatch.platform.KeelwatchException;
import io.keelwatch.platform.PageRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** Pages to propose, list, show, edit, approve, reject and revoke exceptions. */
@Controller
class FindingExceptionPagesController {

    /** How many covered findings the exception's page lists (the count is of all of them; the API pages through them). */
    private static final int COVERED_SHOWN = 20;

    private final FindingExceptionService exceptions;
    private final InventoryService inventory;
    private final AccessService access;
    private final CurrentViewer currentViewer;
    private final OpenVexImport openVexImport;
    private final OpenVexExport openVexExport;

    FindingExceptionPagesController(FindingExceptionService exceptions, InventoryService inventory, AccessService access,
            CurrentViewer currentViewer, OpenVexImport openVexImport, OpenVexExport openVexExport) {
        this.exceptions = exceptions;
        this.openVexImport = openVexImport;
        this.openVexExport = openVexExport;
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
        model.addAttribute("project", project);
        model.addAttribute("states", ExceptionState.values());
        model.addAttribute("page", exceptions.exceptions(wanted, project, PageRequest.of(page, 50, 50), viewer));
        model.addAttribute("mayDecide", viewer.mayDecideExceptions());
        model.addAttribute("lapsed", exceptions.recentlyLapsed(viewer));
        return "findings/exceptions";
    }

    /**
     * The proposal form, pre-filled from a finding's page (project, vulnerability id, package); proposed
     * from there, it leads back to that finding.
     */
    @GetMapping("/exceptions/new")
    @PreAuthorize("@access.canTriage()")
    String proposeForm(@RequestParam(required = false) String project, @RequestParam(required = false) String matchId,
            @RequestParam(required = false) String packageName, @RequestParam(required = false) Long finding, Model model) {
        Viewer viewer = currentViewer.get();
        model.addAttribute("projects", inventory.visibleProjects(viewer));
        model.addAttribute("teams", access.visibleTeams(viewer));
        model.addAttribute("kinds", ExceptionKind.values());
        model.addAttribute("vexJustifications", VexJustification.values());
        model.addAttribute("project", project);
        model.addAttribute("matchId", matchId);
        model.addAttribute("packageName", packageName);
        model.addAttribute("finding", finding);
        model.addAttribute("defaultExpiry", LocalDate.now(ZoneOffset.UTC).plusDays(90));
        model.addAttribute("today", LocalDate.now(ZoneOffset.UTC));
        return "findings/exception-new";
    }

    @PostMapping("/exceptions")
    @PreAuthorize("@access.canTriage()")
    String propose(@RequestParam(required = false) String scope, @RequestParam(required = false) String matchId,
            @RequestParam(required = false) String packageName, @RequestParam(required = false) ExceptionKind kind,
            @RequestParam(required = false) String justification, @RequestParam(required = false) String vexJustification,
            @RequestParam(required = false) LocalDate expiresOn, @RequestParam(required = false) String zone,
            @RequestParam(required = false) Long finding, RedirectAttributes redirect) {
        String project = scope != null && scope.startsWith("project:") ? scope.substring(8) : null;
        String team = scope != null && scope.startsWith("team:") ? scope.substring(5) : null;
        try {
            FindingExceptionSummary created = exceptions.propose(new ExceptionProposal(project, team, matchId, packageName,
                    kind, justification, vexJustification, ExpiryDates.endOf(expiresOn, zone)),
                    currentViewer.get());
            redirect.addFlashAttribute("message", "Exception " + created.id() + " proposed; a security lead decides on it.");
        } catch (KeelwatchException e) {
            redirect.addFlashAttribute("error", e.getMessage());
            redirect.addAttribute("project", project);
            redirect.addAttribute("matchId", matchId);
            redirect.addAttribute("packageName", packageName);
            if (finding != null) {
                redirect.addAttribute("finding", finding);
            }
            return "redirect:/exceptions/new";
        }
        // proposed from a finding's page: back to it (an id, so never a redirect elsewhere)
        return finding != null ? "redirect:/findings/" + finding : "redirect:/exceptions";
    }

    /**
     * A mute proposed from an alert's page (the form there is pre-filled from the alert): success shows the
     * new exception, where a lead decides on it; a refusal goes back to the alert with the message.
     *
     * @param scope {@code project:<slug>}, {@code team:<slug>} or {@code cluster} (the cluster alone: every team's alerts there)
     */
    @PostMapping("/exceptions/mutes")
    @PreAuthorize("@access.canTriage()")
    String proposeMute(@RequestParam(required = false) String scope, @RequestParam(required = false) String cluster,
            @RequestParam(required = false) String rule, @RequestParam(required = false) String namespacePattern,
            @RequestParam(required = false) String workloadPattern, @RequestParam(required = false) String imagePattern,
            @RequestParam(required = false) ExceptionKind kind, @RequestParam(required = false) String justification,
            @RequestParam(required = false) LocalDate expiresOn, @RequestParam(required = false) String zone,
            @RequestParam(required = false) Long alert, RedirectAttributes redirect) {
        String project = scope != null && scope.startsWith("project:") ? scope.substring(8) : null;
        String team = scope != null && scope.startsWith("team:") ? scope.substring(5) : null;
        try {
            FindingExceptionSummary created = exceptions.proposeMute(new MuteProposal(project, team, cluster, rule, namespacePattern,
                    workloadPattern, imagePattern, kind, justification, ExpiryDates.endOf(expiresOn, zone)), currentViewer.get());
            redirect.addFlashAttribute("message", "Mute " + created.id() + " proposed; a security lead decides on it.");
            return "redirect:/exceptions/" + created.id();
        } catch (KeelwatchException e) {
            if (alert == null) {
                throw e;
            }
            redirect.addFlashAttribute("error", "Mute not proposed: " + e.getMessage());
            // an id, so never a redirect elsewhere
            return "redirect:/alerts/" + alert;
        }
    }

    /**
     * A gate-rule waiver proposed from the gate page (its form is pre-filled from a broken rule): success shows the new
     * exception, where a lead decides on it; a refusal goes back to the gate page with the message.
     */
    @PostMapping("/exceptions/gate-waivers")
    @PreAuthorize("@access.canTriage()")
    String proposeGateWaiver(@RequestParam(required = false) String project, @RequestParam(required = false) String rule,
            @RequestParam(required = false) String imagePattern, @RequestParam(required = false) String imageDigest,
            @RequestParam(required = false) ExceptionKind kind, @RequestParam(required = false) String justification,
            @RequestParam(required = false) LocalDate expiresOn, @RequestParam(required = false) String zone,
            RedirectAttributes redirect) {
        try {
            FindingExceptionSummary created = exceptions.proposeGateWaiver(new GateWaiverProposal(project, rule, imagePattern,
                    imageDigest, kind, justification, ExpiryDates.endOf(expiresOn, zone)), currentViewer.get());
            redirect.addFlashAttribute("message", "Waiver " + created.id() + " proposed; a security lead decides on it.");
            return "redirect:/exceptions/" + created.id();
        } catch (KeelwatchException e) {
            redirect.addFlashAttribute("error", "Waiver not proposed: " + e.getMessage());
            return "redirect:/signing/gate";
        }
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
        model.addAttribute("expiresOn", ExpiryDates.lastDay(exception.expiresAt(), null));
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
            @RequestParam(required = false) String zone, Model model, HttpServletResponse response, RedirectAttributes redirect) {
        Viewer viewer = currentViewer.get();
        FindingExceptionSummary current = exceptions.exception(id, viewer); // another team's: 404 like every read
        // the form shows the last valid day in the person's zone; sent back unchanged it must not move the expiry
        OffsetDateTime expiresAt = expiresOn == null || expiresOn.equals(ExpiryDates.lastDay(current.expiresAt(), zone))
                ? null : ExpiryDates.endOf(expiresOn, zone);
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
            model.addAttribute("expiresOn", expiresOn == null ? ExpiryDates.lastDay(current.expiresAt(), zone) : expiresOn);
            return "findings/exception";
        }
    }

    private void prepare(FindingExceptionSummary exception, Viewer viewer, Model model) {
        model.addAttribute("e", exception);
        if (exception.coversFindings()) { // a mute covers alerts and a waiver a gate rule, which their pages link to
            model.addAttribute("covered", exceptions.coveredFindings(exception.id(), PageRequest.of(null, COVERED_SHOWN, COVERED_SHOWN), viewer));
        }
        model.addAttribute("history", exceptions.history(exception.id(), viewer));
        model.addAttribute("mayEdit", exceptions.mayEdit(exception.id(), viewer));
        model.addAttribute("mayDecide", viewer.mayDecideExceptions());
        model.addAttribute("today", LocalDate.now(ZoneOffset.UTC));
    }

    /**
     * An OpenVEX document from the upload page, imported as the API imports it (not_affected
     * statements become exceptions of the project: approved when a lead imports, proposed otherwise);
     * what it did is shown on the project's exceptions list, a refusal back on the upload page.
     */
    @PostMapping("/exceptions/openvex")
    @PreAuthorize("@access.canTriage()")
    String importOpenVex(@RequestParam(required = false) MultipartFile file, @RequestParam(required = false) String project,
            RedirectAttributes redirect) throws IOException {
        try {
            if (file == null || file.isEmpty()) {
                throw new KeelwatchException(CommonProblem.INVALID_REQUEST, "Choose an OpenVEX document to import.");
            }
            OpenVexImport.Result result;
            try (InputStream in = file.getInputStream()) {
                result = openVexImport.importDocument(project, FindingExceptionApiController.bounded(in), currentViewer.get());
            }
            redirect.addFlashAttribute("message", "OpenVEX imported into " + project + ": " + result.created()
                    + " exceptions created (" + result.approved() + " approved), " + result.alreadyPresent() + " already present"
                    + (result.ignored().isEmpty() ? "" : ", statements not imported: " + result.ignored()) + ".");
            redirect.addAttribute("project", project);
            return "redirect:/exceptions";
        } catch (KeelwatchException e) {
            if (e.kind() == CommonProblem.NOT_FOUND) {
                throw e;
            }
            redirect.addFlashAttribute("error", "OpenVEX not imported: " + e.getMessage());
            return "redirect:/scans/upload";
        }
    }

    /** The project's OpenVEX document, for a browser to download (the API's answers only to credentials it takes). */
    @GetMapping(value = "/projects/{slug}/openvex.json", produces = "application/json")
    @PreAuthorize("@access.canRead()")
    ResponseEntity<Map<String, Object>> exportOpenVex(@PathVariable String slug) {
        return ResponseEntity.ok()
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment().filename(slug + ".openvex.json").build().toString())
                .body(openVexExport.document(slug, currentViewer.get()));
    }

    /** The decision, with the lead's comment; back on the exception's page, which shows both. */
    @PostMapping("/exceptions/{id}/{decision:approve|reject|revoke}")
    @PreAuthorize("@access.canDecideExceptions()")
    String decide(@PathVariable long id, @PathVariable String decision, @RequestParam(required = false) String comment,
            RedirectAttributes redirect) {
        Viewer viewer = currentViewer.get();
        try {
            FindingExceptionSummary e = switch (decision) {
                case "approve" -> exceptions.approve(id, comment, viewer);
                case "reject" -> exceptions.reject(id, comment, viewer);
                default -> exceptions.revoke(id, comment, viewer);
            };
            redirect.addFlashAttribute("message", "Exception " + id + " is " + e.state() + ".");
        } catch (KeelwatchException e) {
            if (e.kind() == CommonProblem.NOT_FOUND) {
                throw e;
            }
            redirect.addFlashAttribute("error", e.getMessage());
        }
        return "redirect:/exceptions/" + id;
    }
}
