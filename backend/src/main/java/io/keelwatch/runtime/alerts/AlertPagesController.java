package io.keelwatch.runtime.alerts;

import io.keelwatch.access.CurrentViewer;
import io.keelwatch.access.Viewer;
import io.keelwatch.platform.PageRequest;
import io.keelwatch.runtime.Priority;
import java.time.OffsetDateTime;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Optional;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.util.UriComponentsBuilder;

/** The alerts list (filtered like the API) with its chart, and an alert's page with its raw events and the mute form. */
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
    String list(@RequestParam(required = false) String cluster, @RequestParam(required = false) String environment,
            @RequestParam(required = false) String namespace, @RequestParam(required = false) String project,
            @RequestParam(required = false) String rule, @RequestParam(required = false) String priority,
            @RequestParam(required = false) String onlyPriority, @RequestParam(required = false) String muted,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) OffsetDateTime from,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) OffsetDateTime to,
            @RequestParam(required = false) Integer page, Model model) {
        AlertFilter filter = new AlertFilter(cluster, environment, namespace, project, rule, priority, onlyPriority, from, to,
                AlertFilter.Muted.parse(muted));
        Viewer caller = viewer.get();
        model.addAttribute("filter", filter);
        model.addAttribute("page", alerts.alerts(filter, PageRequest.of(page, AlertService.DEFAULT_SIZE, AlertService.DEFAULT_SIZE),
                caller));
        if (filter.muted() == AlertFilter.Muted.no) {
            model.addAttribute("mutedHidden", alerts.mutedCount(filter, caller));
        }
        String query = query(filter, filter.from(), filter.to(), filter.priority(), filter.onlyPriority());
        model.addAttribute("pageUrl", "/alerts?" + query + (query.isEmpty() ? "" : "&"));
        model.addAttribute("mutedAnyUrl", "/alerts?" + query(filter.withMuted(AlertFilter.Muted.any), filter.from(), filter.to(),
                filter.priority(), filter.onlyPriority()));
        model.addAttribute("chartSrc", "/alerts/chart.json?" + query);
        model.addAttribute("priorities", Priority.values());
        return "runtime/alerts";
    }

    /** Chart.js configuration of the alerts per day and priority, for the list's filter; each segment links to its alerts. */
    @GetMapping("/alerts/chart.json")
    @ResponseBody
    @PreAuthorize("@access.canRead()")
    AlertChart chart(@RequestParam(required = false) String cluster, @RequestParam(required = false) String environment,
            @RequestParam(required = false) String namespace, @RequestParam(required = false) String project,
            @RequestParam(required = false) String rule, @RequestParam(required = false) String priority,
            @RequestParam(required = false) String onlyPriority, @RequestParam(required = false) String muted,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) OffsetDateTime from,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) OffsetDateTime to) {
        AlertFilter filter = new AlertFilter(cluster, environment, namespace, project, rule, priority, onlyPriority, from, to,
                AlertFilter.Muted.parse(muted));
        AlertService.PerDay perDay = alerts.perDay(filter, viewer.get());
        // the whole day, as the chart counts it: the list then shows exactly what the segment counts
        return AlertChart.of(perDay.days(), perDay.counts(),
                (p, day) -> "/alerts?" + query(filter, day, day.plusDays(1).minusNanos(1000), null, p.label()));
    }

    @GetMapping("/alerts/{id}")
    @PreAuthorize("@access.canRead()")
    String alert(@PathVariable long id, @RequestParam(required = false) Integer page, Model model) {
        Viewer caller = viewer.get();
        AlertDetail detail = alerts.alert(id, PageRequest.of(page, AlertService.DEFAULT_SIZE, AlertService.DEFAULT_SIZE), caller);
        model.addAttribute("detail", detail);
        // who may propose a mute, and for a cluster alone (every team's alerts there): the exception rules decide again
        model.addAttribute("mayMute", caller.mayTriage());
        model.addAttribute("mayMuteCluster", caller.mayChangeFindingsOf(null));
        model.addAttribute("pageUrl", "/alerts/" + id + "?");
        // the mute form's defaults: valid through 30 days from now (a mute always ends)
        model.addAttribute("defaultExpiry", LocalDate.now(ZoneOffset.UTC).plusDays(30));
        model.addAttribute("today", LocalDate.now(ZoneOffset.UTC));
        return "runtime/alert";
    }

    /** The filter as a query string (without {@code ?}), with the time range and priorities given. */
    private static String query(AlertFilter filter, OffsetDateTime from, OffsetDateTime to, String priority, String onlyPriority) {
        String uri = UriComponentsBuilder.fromPath("")
                .queryParamIfPresent("cluster", Optional.ofNullable(filter.cluster()))
                .queryParamIfPresent("environment", Optional.ofNullable(filter.environment()))
                .queryParamIfPresent("namespace", Optional.ofNullable(filter.namespace()))
                .queryParamIfPresent("project", Optional.ofNullable(filter.project()))
                .queryParamIfPresent("rule", Optional.ofNullable(filter.rule()))
                .queryParamIfPresent("priority", Optional.ofNullable(priority))
                .queryParamIfPresent("onlyPriority", Optional.ofNullable(onlyPriority))
                .queryParamIfPresent("muted", Optional.ofNullable(filter.muted() == AlertFilter.Muted.no ? null : filter.muted().name()))
                .queryParamIfPresent("from", Optional.ofNullable(from).map(AlertPagesController::utc))
                .queryParamIfPresent("to", Optional.ofNullable(to).map(AlertPagesController::utc))
                .encode().build().toUriString();
        return uri.startsWith("?") ? uri.substring(1) : uri;
    }

    /** In UTC ({@code …Z}): an offset's {@code +} would read as a space in a query string. */
    private static String utc(OffsetDateTime time) {
        return time.withOffsetSameInstant(ZoneOffset.UTC).toString();
    }
}
