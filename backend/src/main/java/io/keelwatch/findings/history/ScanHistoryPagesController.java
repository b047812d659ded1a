package io.keelwatch.findings.history;

import io.keelwatch.access.CurrentViewer;
import io.keelwatch.access.Viewer;
import io.keelwatch.findings.FindingService;
import io.keelwatch.findings.ImageHistory;
import io.keelwatch.findings.ScanChange;
import io.keelwatch.findings.ScanHistoryService;
import io.keelwatch.findings.ScanSummary;
import io.keelwatch.inventory.InventoryService;
import io.keelwatch.signing.SigningService;
import io.keelwatch.platform.PageRequest;
import java.util.List;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.util.UriComponentsBuilder;

/** The image history page (a project's scans of one image) and the scan page (what one scan changed). */
@Controller
class ScanHistoryPagesController {

    /** Scans the chart shows: the newest ones, enough to see a trend without crowding the axis. */
    private static final int CHART_SCANS = 50;

    private final ScanHistoryService history;
    private final FindingService findings;
    private final CurrentViewer currentViewer;
    private final InventoryService inventory;
    private final SigningService signing;

    ScanHistoryPagesController(ScanHistoryService history, FindingService findings, CurrentViewer currentViewer,
            InventoryService inventory, SigningService signing) {
        this.history = history;
        this.findings = findings;
        this.currentViewer = currentViewer;
        this.inventory = inventory;
        this.signing = signing;
    }

    /**
     * A project's scans of the image and where the image runs. Without a project (the Running page links
     * so, since it knows the image, not who scanned it) the caller's project with its newest scan is shown.
     */
    @GetMapping("/images/{id}")
    @PreAuthorize("@access.canRead()")
    String image(@PathVariable long id, @RequestParam(required = false) String project,
            @RequestParam(required = false) Integer page, Model model) {
        if (project == null || project.isBlank()) {
            return "redirect:" + imageUrl("/images/{id}", id, history.newestProject(id, currentViewer.get()));
        }
        ImageHistory image = history.imageHistory(id, project, PageRequest.of(page, 25, 25), currentViewer.get());
        model.addAttribute("placements", inventory.whereImageRuns(id, currentViewer.get()));
        model.addAttribute("signing", signing.imageStatus(id, image.image().project(), currentViewer.get()));
        model.addAttribute("image", image.image());
        model.addAttribute("page", image.scans());
        model.addAttribute("pageBaseUrl", imageUrl("/images/{id}", id, image.image().project()) + "&");
        model.addAttribute("chartSrc", imageUrl("/images/{id}/history.json", id, image.image().project()));
        return "findings/image";
    }

    /** Chart.js configuration of the image page's chart: findings per scan, oldest of the newest 50 first. */
    @GetMapping("/images/{id}/history.json")
    @ResponseBody
    @PreAuthorize("@access.canRead()")
    ImageHistoryChart imageChart(@PathVariable long id, @RequestParam(required = false) String project) {
        return ImageHistoryChart.of(history.imageHistory(id, project, new PageRequest(0, CHART_SCANS), currentViewer.get())
                .scans().items());
    }

    /** One tab of the scan page: a kind of change and how many findings the scan's import counted for it. */
    record ChangeTab(String change, String label, int count) {
    }

    /**
     * A scan and the findings it changed, one kind at a time. Without {@code change} the page opens
     * on the first kind the scan has any of, so a scan that only fixed things shows them at once.
     */
    @GetMapping("/scans/{id}")
    @PreAuthorize("@access.canRead()")
    String scan(@PathVariable long id, @RequestParam(required = false) String change,
            @RequestParam(required = false) Integer page, Model model) {
        Viewer viewer = currentViewer.get();
        ScanSummary scan = findings.scan(id, viewer);
        List<ChangeTab> tabs = List.of(
                new ChangeTab(ScanChange.NEW.parameter(), "New", scan.newFindings()),
                new ChangeTab(ScanChange.FIXED.parameter(), "Fixed", scan.fixed()),
                new ChangeTab(ScanChange.REOPENED.parameter(), "Reopened", scan.reopened()));
        ScanChange shown = ScanChange.parse(change);
        if (shown == null) {
            shown = tabs.stream().filter(t -> t.count() > 0).findFirst()
                    .map(t -> ScanChange.parse(t.change())).orElse(ScanChange.NEW);
        }
        model.addAttribute("scan", scan);
        model.addAttribute("tabs", tabs);
        model.addAttribute("change", shown.parameter());
        model.addAttribute("page", history.changes(id, shown, PageRequest.of(page, 50, 50), viewer));
        model.addAttribute("pageBaseUrl", "/scans/" + id + "?change=" + shown.parameter() + "&");
        return "findings/scan";
    }

    private static String imageUrl(String path, long id, String project) {
        return UriComponentsBuilder.fromPath(path).queryParam("project", project).buildAndExpand(id).encode().toUriString();
    }
}
