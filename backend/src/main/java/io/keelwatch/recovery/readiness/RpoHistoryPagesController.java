package io.keelwatch.recovery.readiness;

import io.keelwatch.access.CurrentViewer;
import java.time.LocalDate;
import java.util.Optional;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.util.UriComponentsBuilder;

/** The recovery overview's RPO trend chart and the list of the namespaces one of its bars counts. */
@Controller
class RpoHistoryPagesController {

    private final RpoHistoryService history;
    private final CurrentViewer viewer;

    RpoHistoryPagesController(RpoHistoryService history, CurrentViewer viewer) {
        this.history = history;
        this.viewer = viewer;
    }

    /** Chart.js configuration of the namespaces meeting and breaching their RPO per day; each bar links to its namespaces. */
    @GetMapping("/recovery/rpo-chart.json")
    @ResponseBody
    @PreAuthorize("@access.canRead()")
    RpoChart chart(@RequestParam(required = false) Integer days, @RequestParam(required = false) String cluster,
            @RequestParam(required = false) String project) {
        return RpoChart.of(history.perDay(days, cluster, project, viewer.get()),
                (day, met) -> "/recovery/rpo?" + query(day, met ? "met" : "breached", cluster, project));
    }

    @GetMapping("/recovery/rpo")
    @PreAuthorize("@access.canRead()")
    String onDay(@RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate day,
            @RequestParam(required = false) String state, @RequestParam(required = false) String cluster,
            @RequestParam(required = false) String project, Model model) {
        model.addAttribute("namespaces", history.onDay(day, state, cluster, project, viewer.get()));
        model.addAttribute("day", day);
        model.addAttribute("state", state == null || state.isBlank() ? null : state.strip());
        model.addAttribute("cluster", cluster);
        model.addAttribute("project", project);
        return "recovery/rpo";
    }

    static String query(LocalDate day, String state, String cluster, String project) {
        String uri = UriComponentsBuilder.fromPath("")
                .queryParamIfPresent("day", Optional.ofNullable(day))
                .queryParamIfPresent("state", Optional.ofNullable(state))
                .queryParamIfPresent("cluster", Optional.ofNullable(cluster).filter(c -> !c.isBlank()))
                .queryParamIfPresent("project", Optional.ofNullable(project).filter(p -> !p.isBlank()))
                .encode().build().toUriString();
        return uri.startsWith("?") ? uri.substring(1) : uri;
    }
}
