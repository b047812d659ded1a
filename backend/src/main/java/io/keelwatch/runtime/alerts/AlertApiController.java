package io.keelwatch.runtime.alerts;

import io.keelwatch.access.CurrentViewer;
import io.keelwatch.platform.Page;
import io.keelwatch.platform.PageRequest;
import io.swagger.v3.oas.annotations.Operation;
import java.time.OffsetDateTime;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/alerts")
class AlertApiController {

    private final AlertService alerts;
    private final CurrentViewer viewer;

    AlertApiController(AlertService alerts, CurrentViewer viewer) {
        this.alerts = alerts;
        this.viewer = viewer;
    }

    @Operation(summary = "Runtime alerts you see, most recently seen first; priority = that one or more severe, onlyPriority = "
            + "exactly that one (both after per-rule overrides); muted = no (default: alerts a mute exception in force matches "
            + "are left out), yes or any; mutedBy names the mute exception of a muted alert")
    @GetMapping
    @PreAuthorize("@access.canRead()")
    Page<AlertSummary> list(@RequestParam(required = false) String cluster, @RequestParam(required = false) String environment,
            @RequestParam(required = false) String namespace,
            @RequestParam(required = false) String project, @RequestParam(required = false) String rule,
            @RequestParam(required = false) String priority, @RequestParam(required = false) String onlyPriority,
            @RequestParam(required = false) String muted,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) OffsetDateTime from,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) OffsetDateTime to,
            @RequestParam(required = false) Integer page, @RequestParam(required = false) Integer size) {
        return alerts.alerts(new AlertFilter(cluster, environment, namespace, project, rule, priority, onlyPriority, from, to,
                        AlertFilter.Muted.parse(muted)),
                PageRequest.of(page, size, AlertService.DEFAULT_SIZE), viewer.get());
    }

    @Operation(summary = "One alert with a page of its raw Falco events, newest first")
    @GetMapping("/{id}")
    @PreAuthorize("@access.canRead()")
    AlertDetail alert(@PathVariable long id, @RequestParam(required = false) Integer page,
            @RequestParam(required = false) Integer size) {
        return alerts.alert(id, PageRequest.of(page, size, AlertService.DEFAULT_SIZE), viewer.get());
    }
}
