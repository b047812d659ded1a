package io.keelwatch.runtime.incidents;

import io.keelwatch.access.CurrentViewer;
import io.keelwatch.access.Viewer;
import io.keelwatch.platform.Page;
import io.keelwatch.platform.PageRequest;
import io.swagger.v3.oas.annotations.Operation;
import java.net.URI;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Incidents over the API. A change answers with the incident when the caller may read (a token without {@code read}
 * gets 204, or 201 with the {@code Location} only: a write never reads more than the token may).
 */
@RestController
@RequestMapping("/api/v1/incidents")
class IncidentApiController {

    private final IncidentService incidents;
    private final CurrentViewer viewer;

    IncidentApiController(IncidentService incidents, CurrentViewer viewer) {
        this.incidents = incidents;
        this.viewer = viewer;
    }

    @Operation(summary = "Incidents you see, newest first; narrowed by status, severity and cluster")
    @GetMapping
    @PreAuthorize("@access.canRead()")
    Page<IncidentSummary> list(@RequestParam(required = false) String status, @RequestParam(required = false) String severity,
            @RequestParam(required = false) String cluster, @RequestParam(required = false) Integer page,
            @RequestParam(required = false) Integer size) {
        return incidents.incidents(IncidentFilter.of(status, severity, cluster),
                PageRequest.of(page, size, IncidentService.DEFAULT_SIZE), viewer.get());
    }

    @Operation(summary = "Open an incident of alerts (one cluster, one team, none in another incident)")
    @PostMapping
    @PreAuthorize("@access.canChangeIncidents()")
    ResponseEntity<IncidentDetail> create(@RequestBody NewIncident request) {
        Viewer caller = viewer.get();
        IncidentDetail created = incidents.create(request, caller);
        ResponseEntity.BodyBuilder answer = ResponseEntity.created(URI.create("/api/v1/incidents/" + created.incident().id()));
        return caller.mayRead() ? answer.body(created) : answer.build();
    }

    @Operation(summary = "One incident with its alerts and timeline")
    @GetMapping("/{id}")
    @PreAuthorize("@access.canRead()")
    IncidentDetail incident(@PathVariable long id) {
        return incidents.incident(id, viewer.get());
    }

    @Operation(summary = "Move an incident to another status (open, investigating, contained, resolved, false_alarm), with an optional note")
    @PostMapping("/{id}/status")
    @PreAuthorize("@access.canChangeIncidents()")
    ResponseEntity<IncidentDetail> status(@PathVariable long id, @RequestBody IncidentChange.Status change) {
        Viewer caller = viewer.get();
        return answer(incidents.changeStatus(id, change.status(), change.note(), caller), caller);
    }

    @Operation(summary = "Add a note to an incident's timeline")
    @PostMapping("/{id}/notes")
    @PreAuthorize("@access.canChangeIncidents()")
    ResponseEntity<IncidentDetail> note(@PathVariable long id, @RequestBody IncidentChange.Note note) {
        Viewer caller = viewer.get();
        return answer(incidents.addNote(id, note.text(), caller), caller);
    }

    @Operation(summary = "Give an incident to a person who sees it; an empty owner gives it to nobody")
    @PostMapping("/{id}/owner")
    @PreAuthorize("@access.canChangeIncidents()")
    ResponseEntity<IncidentDetail> owner(@PathVariable long id, @RequestBody IncidentChange.Owner owner) {
        Viewer caller = viewer.get();
        return answer(incidents.assign(id, owner.owner(), caller), caller);
    }

    @Operation(summary = "Add alerts to an incident and remove alerts from it (it keeps at least one)")
    @PostMapping("/{id}/alerts")
    @PreAuthorize("@access.canChangeIncidents()")
    ResponseEntity<IncidentDetail> alerts(@PathVariable long id, @RequestBody IncidentChange.Alerts change) {
        Viewer caller = viewer.get();
        return answer(incidents.changeAlerts(id, change.add(), change.remove(), caller), caller);
    }

    private static ResponseEntity<IncidentDetail> answer(IncidentDetail detail, Viewer caller) {
        return caller.mayRead() ? ResponseEntity.ok(detail) : ResponseEntity.noContent().build();
    }
}
