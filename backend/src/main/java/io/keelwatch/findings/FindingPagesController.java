package io.keelwatch.findings;

import io.keelwatch.access.CurrentViewer;
import io.keelwatch.access.Viewer;
import io.keelwatch.inventory.InventoryService;
import io.keelwatch.platform.PageRequest;
import java.util.List;
import java.util.stream.Collectors;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.util.UriComponentsBuilder;

@Controller
class FindingPagesController {

    private final FindingService findings;
    private final InventoryService inventory;
    private final CurrentViewer currentViewer;

    FindingPagesController(FindingService findings, InventoryService inventory, CurrentViewer currentViewer) {
        this.findings = findings;
        this.inventory = inventory;
        this.currentViewer = currentViewer;
    }

    @GetMapping("/findings")
    @PreAuthorize("isAuthenticated()")
    String list(@RequestParam(required = false) String project,
            @RequestParam(required = false) String image,
            @RequestParam(required = false) List<String> severity,
            @RequestParam(required = false) List<String> status,
            @RequestParam(required = false) String kind,
            @RequestParam(required = false) String text,
            @RequestParam(required = false) Integer page,
            Model model) {
        Viewer viewer = currentViewer.get();
        FindingFilter filter = FindingFilter.fromParameters(project, image, severity, status, kind, text);
        model.addAttribute("filter", filter);
        model.addAttribute("page", findings.findings(filter, PageRequest.of(page, 50, 50), viewer));
        model.addAttribute("pageBaseUrl", pageBaseUrl(filter));
        model.addAttribute("projects", inventory.visibleProjects(viewer));
        model.addAttribute("severities", Severity.values());
        model.addAttribute("statuses", FindingStatus.values());
        model.addAttribute("kinds", FindingKind.values());
        return "findings/list";
    }

    @GetMapping("/findings/{id}")
    @PreAuthorize("isAuthenticated()")
    String detail(@PathVariable long id, Model model) {
        model.addAttribute("f", findings.finding(id, currentViewer.get()));
        return "findings/detail";
    }

    /** The list's URL with every filter but the page number, ending ready for {@code page=N}. */
    private static String pageBaseUrl(FindingFilter filter) {
        UriComponentsBuilder url = UriComponentsBuilder.fromPath("/findings");
        addIfPresent(url, "project", filter.project());
        addIfPresent(url, "image", filter.image());
        addIfPresent(url, "severity", join(filter.severity()));
        addIfPresent(url, "status", join(filter.status()));
        addIfPresent(url, "kind", filter.kind() == null ? null : filter.kind().name());
        addIfPresent(url, "text", filter.text());
        String base = url.encode().build().toUriString();
        return base + (base.contains("?") ? "&" : "?");
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
