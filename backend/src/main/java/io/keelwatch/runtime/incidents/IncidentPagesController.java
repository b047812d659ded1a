package io.keelwatch.runtime.incidents;

import io.keelwatch.access.CurrentViewer;
import io.keelwatch.access.Viewer;
import io.keelwatch.platform.KeelwatchException;
import io.keelwatch.platform.PageRequest;
import java.util.List;
import java.util.function.Supplier;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * The incidents board (a column per status) or, filtered, a list; an incident's page with its alerts, timeline and the
 * forms that change it. A change redirects to the incident's page; what the service refuses as bad input or a conflict
 * (a status it may not move to, an unknown owner) comes back as the page's flash error, while 403 and 404 are the error
 * page like anywhere else.
 */
@Controller
class IncidentPagesController {

    private final IncidentService incidents;
    private final CurrentViewer viewer;

    IncidentPagesController(IncidentService incidents, CurrentViewer viewer) {
        this.incidents = incidents;
        this.viewer = viewer;
    }

    @GetMapping("/incidents")
    @PreAuthorize("@access.canRead()")
    String board(@RequestParam(required = false) String status, @RequestParam(required = false) String severity,
            @RequestParam(required = false) String cluster, @RequestParam(required = false) Integer page, Model model) {
        IncidentFilter filter = IncidentFilter.of(status, severity, cluster);
        Viewer caller = viewer.get();
        model.addAttribute("filter", filter);
        model.addAttribute("statuses", IncidentStatus.values());
        model.addAttribute("severities", IncidentSeverity.values());
        if (filter.status() == null && filter.severity() == null && filter.cluster() == null) {
            model.addAttribute("board", incidents.board(caller));
        } else {
            model.addAttribute("page", incidents.incidents(filter,
                    PageRequest.of(page, IncidentService.DEFAULT_SIZE, IncidentService.DEFAULT_SIZE), caller));
            model.addAttribute("pageUrl", UriComponentsBuilder.fromPath("/incidents")
                    .queryParamIfPresent("status", java.util.Optional.ofNullable(filter.status()))
                    .queryParamIfPresent("severity", java.util.Optional.ofNullable(filter.severity()))
                    .queryParamIfPresent("cluster", java.util.Optional.ofNullable(filter.cluster()))
                    .encode().build().toUriString() + "&");
        }
        return "runtime/incidents";
    }

    @GetMapping("/incidents/{id}")
    @PreAuthorize("@access.canRead()")
    String incident(@PathVariable long id, Model model) {
        Viewer caller = viewer.get();
        IncidentDetail detail = incidents.incident(id, caller);
        boolean mayChange = incidents.mayChange(id, caller);
        model.addAttribute("detail", detail);
        model.addAttribute("mayChange", mayChange);
        if (mayChange) {
            model.addAttribute("nextStatuses", detail.incident().status().next());
            model.addAttribute("owners", incidents.owners(id, caller));
            model.addAttribute("candidates", incidents.candidates(id, caller));
        }
        return "runtime/incident";
    }

    /** From the alerts list: the selected alerts become an incident. */
    @PostMapping("/incidents")
    @PreAuthorize("@access.canChangeIncidents()")
    String create(@RequestParam(name = "alert", required = false) List<Long> alerts, @RequestParam(required = false) String title,
            @RequestParam(required = false) String severity, RedirectAttributes redirect) {
        try {
            IncidentDetail created = incidents.create(new NewIncident(title, severity, alerts), viewer.get());
            redirect.addFlashAttribute("message", "Incident " + created.incident().id() + " opened.");
            return "redirect:/incidents/" + created.incident().id();
        } catch (KeelwatchException e) {
            if (!refusedInput(e)) {
                throw e;
            }
            redirect.addFlashAttribute("error", e.getMessage());
            return "redirect:/alerts";
        }
    }

    @PostMapping("/incidents/{id}/status")
    @PreAuthorize("@access.canChangeIncidents()")
    String status(@PathVariable long id, @RequestParam(required = false) String status, @RequestParam(required = false) String note,
            RedirectAttributes redirect) {
        return change(id, redirect, "Status changed.", () -> incidents.changeStatus(id, status, note, viewer.get()));
    }

    @PostMapping("/incidents/{id}/notes")
    @PreAuthorize("@access.canChangeIncidents()")
    String note(@PathVariable long id, @RequestParam(required = false) String text, RedirectAttributes redirect) {
        return change(id, redirect, "Note added.", () -> incidents.addNote(id, text, viewer.get()));
    }

    @PostMapping("/incidents/{id}/owner")
    @PreAuthorize("@access.canChangeIncidents()")
    String owner(@PathVariable long id, @RequestParam(required = false) String owner, RedirectAttributes redirect) {
        return change(id, redirect, "Owner changed.", () -> incidents.assign(id, owner, viewer.get()));
    }

    @PostMapping("/incidents/{id}/alerts")
    @PreAuthorize("@access.canChangeIncidents()")
    String alerts(@PathVariable long id, @RequestParam(required = false) List<Long> add,
            @RequestParam(required = false) List<Long> remove, RedirectAttributes redirect) {
        return change(id, redirect, "Alerts changed.", () -> incidents.changeAlerts(id, add, remove, viewer.get()));
    }

    private static String change(long id, RedirectAttributes redirect, String done, Supplier<IncidentDetail> change) {
        try {
            change.get();
            redirect.addFlashAttribute("message", done);
        } catch (KeelwatchException e) {
            if (!refusedInput(e)) {
                throw e;
            }
            redirect.addFlashAttribute("error", e.getMessage());
        }
        return "redirect:/incidents/" + id;
    }

    /** Bad input or a conflict: the person fixes the form. A 403 or 404 is no form's business. */
    private static boolean refusedInput(KeelwatchException e) {
        HttpStatus status = e.kind().definition().status();
        return status == HttpStatus.BAD_REQUEST || status == HttpStatus.CONFLICT;
    }
}
