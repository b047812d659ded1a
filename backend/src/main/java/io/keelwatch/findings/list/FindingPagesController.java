package io.keelwatch.findings.list;

import io.keelwatch.access.AccessService;
import io.keelwatch.access.CurrentViewer;
import io.keelwatch.access.Viewer;
import io.keelwatch.findings.FindingDetail;
import io.keelwatch.findings.FindingExceptionMatch;
import io.keelwatch.findings.FindingExceptionService;
import io.keelwatch.findings.FindingFilter;
import io.keelwatch.findings.FindingKind;
import io.keelwatch.findings.FindingService;
import io.keelwatch.findings.FindingSort;
import io.keelwatch.findings.FindingStatus;
import io.keelwatch.findings.Severity;
import io.keelwatch.findings.TriageChange;
import io.keelwatch.findings.triage.TriageService;
import io.keelwatch.inventory.InventoryService;
import io.keelwatch.platform.KeelwatchException;
import io.keelwatch.platform.PageRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.stream.Collectors;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.springframework.web.util.UriComponentsBuilder;

@Controller
class FindingPagesController {

    private final FindingService findings;
    private final TriageService triage;
    private final FindingExceptionService exceptions;
    private final FindingCsvExport csv;
    private final InventoryService inventory;
    private final AccessService access;
    private final CurrentViewer currentViewer;

    FindingPagesController(FindingService findings, TriageService triage, FindingExceptionService exceptions,
            FindingCsvExport csv, InventoryService inventory, AccessService access, CurrentViewer currentViewer) {
        this.findings = findings;
        this.triage = triage;
        this.exceptions = exceptions;
        this.csv = csv;
        this.inventory = inventory;
        this.access = access;
        this.currentViewer = currentViewer;
    }

    @GetMapping("/findings")
    @PreAuthorize("@access.canRead()")
    String list(@ModelAttribute("params") FindingListParameters parameters, @RequestParam(required = false) Integer page,
            Model model) {
        Viewer viewer = currentViewer.get();
        FindingFilter filter = parameters.filter();
        FindingSort sort = parameters.order();
        model.addAttribute("filter", filter);
        model.addAttribute("sortField", sort.parameter());
        model.addAttribute("sortDirection", sort.isDefault() ? "" : sort.direction());
        model.addAttribute("page", findings.findings(filter, sort, PageRequest.of(page, 50, 50), viewer));
        model.addAttribute("query", query(filter, sort));
        model.addAttribute("pageBaseUrl", "/findings" + query(filter, sort) + (query(filter, sort).isEmpty() ? "?" : "&"));
        if (filter.image() != null) {
            // an image filter has no field in the form: say it applies, and how to leave it
            model.addAttribute("allImagesUrl", "/findings" + query(filter.withImage(null), sort));
        }
        model.addAttribute("projects", inventory.visibleProjects(viewer));
        model.addAttribute("environments", inventory.environments());
        model.addAttribute("teams", access.visibleTeams(viewer));
        model.addAttribute("severities", Severity.values());
        model.addAttribute("statuses", FindingStatus.values());
        model.addAttribute("kinds", FindingKind.values());
        model.addAttribute("mayTriage", viewer.mayTriage());
        model.addAttribute("lapsed", exceptions.recentlyLapsed(viewer));
        return "findings/list";
    }

    /** The browser's CSV download: the API's export, but with the session (the API takes no cookies). */
    @GetMapping("/findings/export.csv")
    @PreAuthorize("@access.canRead()")
    void export(@ModelAttribute FindingListParameters parameters, HttpServletResponse response) throws IOException {
        csv.download(parameters, currentViewer.get(), response);
    }

    /** Bulk action on everything the current filter selects (not just the visible page). */
    @PostMapping("/findings/bulk")
    @PreAuthorize("@access.canTriage()")
    String bulk(@ModelAttribute FindingListParameters parameters, @RequestParam(required = false) FindingStatus bulkStatus,
            @RequestParam(required = false) String bulkAssignee, @RequestParam(required = false) boolean confirmed,
            RedirectAttributes redirect) {
        FindingFilter filter = parameters.filter();
        String assignee = bulkAssignee == null || bulkAssignee.isBlank() ? null : bulkAssignee.strip();
        if (!confirmed) {
            // the form's checkbox names how many findings the change reaches; nothing changes without it
            redirect.addFlashAttribute("error", "Nothing changed: confirm that the change applies to every matching finding.");
            return "redirect:/findings" + query(filter, parameters.order());
        }
        try {
            TriageService.BulkResult result = triage.bulk(filter, new TriageChange(bulkStatus, assignee, null), currentViewer.get());
            redirect.addFlashAttribute("message", result.changed() == 0 ? nothingChanged(bulkStatus, assignee)
                    : result.changed() + " findings changed.");
        } catch (KeelwatchException e) {
            redirect.addFlashAttribute("error", e.getMessage());
        }
        return "redirect:/findings" + query(filter, parameters.order());
    }

    /**
     * Why a bulk change changed nothing, in the terms of what was asked. It never says whether an
     * account exists (a developer would learn other teams' usernames), so an assignment lists every
     * reason alike.
     */
    static String nothingChanged(FindingStatus status, String assignee) {
        String why = status != null && assignee != null
                ? "every matching finding you may change already has status " + status.name().replace('_', ' ')
                        + " and that assignee, or the assignee cannot be given them"
                : status != null
                ? "every matching finding you may change already has status " + status.name().replace('_', ' ')
                : "every matching finding you may change is already assigned to them, or there is no enabled account "
                        + "of that name that can see these findings' projects";
        return "0 findings changed: " + why + ".";
    }

    @GetMapping("/findings/{id}")
    @PreAuthorize("@access.canRead()")
    String detail(@PathVariable long id, Model model) {
        prepareDetail(id, currentViewer.get(), model);
        return "findings/detail";
    }

    /**
     * The triage form. htmx (which sends the CSRF token as a header) gets the refreshed triage panel
     * to swap in; without JavaScript the form posts normally and gets the whole page.
     */
    @PostMapping("/findings/{id}/triage")
    @PreAuthorize("@access.canTriage()")
    String change(@PathVariable long id, @RequestParam(required = false) FindingStatus status,
            @RequestParam(required = false) String assignee, @RequestParam(required = false) String comment,
            @RequestHeader(value = "HX-Request", required = false) String htmx, Model model, HttpServletResponse response) {
        Viewer viewer = currentViewer.get();
        FindingDetail before = findings.finding(id, viewer);
        String newAssignee = assignee == null ? null : assignee.strip();
        if (newAssignee != null && newAssignee.equalsIgnoreCase(before.assignee() == null ? "" : before.assignee())) {
            newAssignee = null;
        }
        try {
            TriageChange change = new TriageChange(status == before.status() ? null : status, newAssignee, comment);
            if (!change.empty()) {
                triage.change(id, change, viewer);
            }
        } catch (KeelwatchException e) {
            // the panel shows the reason; its form swaps the refusal in like a success (data-shows-refusals)
            response.setStatus(e.kind().status().value());
            model.addAttribute("error", e.getMessage());
        }
        prepareDetail(id, viewer, model);
        return htmx != null ? "findings/detail :: triage-update" : "findings/detail";
    }

    private void prepareDetail(long id, Viewer viewer, Model model) {
        FindingDetail finding = findings.finding(id, viewer);
        model.addAttribute("f", finding);
        // a cluster's own finding has no image, so it runs nowhere
        model.addAttribute("runningIn", finding.imageId() == null ? List.of() : inventory.environmentsRunning(finding.imageId(), viewer));
        model.addAttribute("history", triage.history(id, viewer).stream().map(FindingHistoryLine::of).toList());
        model.addAttribute("statuses", FindingStatus.values());
        Long teamId = teamOf(finding, viewer);
        boolean mayTriage = viewer.mayChangeFindingsOf(teamId);
        model.addAttribute("mayTriage", mayTriage);
        model.addAttribute("assignees", mayTriage ? triage.assignees(teamId) : List.of());
        // the exception that set the status is among the matching ones the detail already carries: no second lookup
        model.addAttribute("exception", finding.exceptions().stream().filter(FindingExceptionMatch::setsStatus).findFirst()
                .orElse(null));
    }

    /** The finding's team; null for a cluster's own finding that no namespace rule gives to a team. */
    private Long teamOf(FindingDetail finding, Viewer viewer) {
        return finding.project() == null ? null : inventory.visibleProject(finding.project(), viewer).orElseThrow().teamId();
    }

    /** The list's query string for a filter and order ("" when none), for links, paging and redirects. */
    static String query(FindingFilter filter, FindingSort sort) {
        UriComponentsBuilder url = UriComponentsBuilder.newInstance();
        addIfPresent(url, "project", filter.project());
        addIfPresent(url, "image", filter.image());
        addIfPresent(url, "severity", join(filter.severity()));
        addIfPresent(url, "status", join(filter.status()));
        addIfPresent(url, "kind", filter.kind() == null ? null : filter.kind().name());
        addIfPresent(url, "text", filter.text());
        addIfPresent(url, "due", filter.due() == null ? null : filter.due().parameter());
        addIfPresent(url, "fixAvailable", filter.fixAvailable() == null ? null : filter.fixAvailable().toString());
        addIfPresent(url, "runningIn", filter.runningIn());
        addIfPresent(url, "cluster", filter.cluster());
        addIfPresent(url, "assignee", filter.assignee());
        addIfPresent(url, "team", filter.team());
        addIfPresent(url, "newSinceLastScan", filter.newSinceLastScan() ? "true" : null);
        addIfPresent(url, "tag", filter.tag());
        if (!sort.isDefault()) {
            url.queryParam("sort", sort.parameter());
            url.queryParam("direction", sort.direction());
        }
        return url.encode().build().toUriString();
    }

    private static void addIfPresent(UriComponentsBuilder url, String name, String value) {
        if (value != null && !value.isEmpty()) {
            url.queryParam(name, value);
        }
    }

    private static String join(List<? extends Enum<?>> values) {
        return values.stream().map(Enum::name).collect(Collectors.joining(","));
    }
}
