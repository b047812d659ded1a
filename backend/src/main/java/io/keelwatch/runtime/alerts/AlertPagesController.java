package io.keelwatch.runtime.alerts;

import io.keelwatch.access.CurrentViewer;
import io.keelwatch.platform.PageRequest;
import java.time.OffsetDateTime;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.util.UriComponentsBuilder;

/** The alerts list (filtered like the API) and an alert's page with its raw events. */
@Controller
class AlertPagesController {

    private final AlertService alerts;
    private final CurrentViewer viewer;

    AlertPagesController(AlertService alerts, CurrentViewer viewer) {
        this.alerts = alerts;
        this.viewer = viewer;
    }

    @GetMapping("/alerts")
    @PreAuthorize("@access.canRead()")
    String list(@RequestParam(required = false) String cluster, @RequestParam(required = false) String namespace,
            @RequestParam(required = false) String project, @RequestParam(required = false) String rule,
            @RequestParam(required = false) String priority,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) OffsetDateTime from,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) OffsetDateTime to,
            @RequestParam(required = false) Integer page, Model model) {
        AlertFilter filter = new AlertFilter(cluster, namespace, project, rule, priority, from, to);
        model.addAttribute("filter", filter);
        model.addAttribute("page", alerts.alerts(filter, PageRequest.of(page, AlertService.DEFAULT_SIZE, AlertService.DEFAULT_SIZE),
                viewer.get()));
        model.addAttribute("pageUrl", UriComponentsBuilder.fromPath("/alerts")
                .queryParamIfPresent("cluster", java.util.Optional.ofNullable(filter.cluster()))
                .queryParamIfPresent("namespace", java.util.Optional.ofNullable(filter.namespace()))
                .queryParamIfPresent("project", java.util.Optional.ofNullable(filter.project()))
                .queryParamIfPresent("rule", java.util.Optional.ofNullable(filter.rule()))
                .queryParamIfPresent("priority", java.util.Optional.ofNullable(filter.priority()))
                .queryParamIfPresent("from", java.util.Optional.ofNullable(filter.from()))
                .queryParamIfPresent("to", java.util.Optional.ofNullable(filter.to()))
                .encode().build().toUriString() + (filter.equals(AlertFilter.NONE) ? "?" : "&"));
        model.addAttribute("priorities", io.keelwatch.runtime.Priority.values());
        return "runtime/alerts";
    }

    @GetMapping("/alerts/{id}")
    @PreAuthorize("@access.canRead()")
    String alert(@PathVariable long id, @RequestParam(required = false) Integer page, Model model) {
        model.addAttribute("detail", alerts.alert(id, PageRequest.of(page, AlertService.DEFAULT_SIZE, AlertService.DEFAULT_SIZE),
                viewer.get()));
        model.addAttribute("pageUrl", "/alerts/" + id + "?");
        return "runtime/alert";
    }
}
