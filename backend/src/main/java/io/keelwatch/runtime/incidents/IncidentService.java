package io.keelwatch.runtime.incidents;

import io.keelwatch.access.AccessService;
import io.keelwatch.access.UserRef;
import io.keelwatch.access.Viewer;
import io.keelwatch.audit.AuditEntry;
import io.keelwatch.audit.AuditLog;
import io.keelwatch.platform.CommonProblem;
import io.keelwatch.platform.KeelwatchException;
import io.keelwatch.platform.Page;
import io.keelwatch.platform.PageRequest;
import io.keelwatch.runtime.Priority;
import io.keelwatch.signing.DigestSigning;
import io.keelwatch.signing.SigningService;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.modulith.NamedInterface;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Incidents of runtime alerts: opened from alerts by hand (or by {@link IncidentGrouping}), then worked through status,
 * owner, notes and their alerts. Every change is checked against the caller ({@link Viewer#mayChangeIncidentsOf}: an
 * incident they do not see is missing, 404; one they see but may not change, 403), audited and written on the
 * incident's timeline in the same transaction. A named interface of the runtime module ({@code runtime::incidents}):
 * the demo opens its incident through it as people do.
 */
@Service
@NamedInterface("incidents")
public class IncidentService {

    static final int DEFAULT_SIZE = 50;
    static final int MAX_TITLE = 200;
    static final int MAX_TEXT = 4000;
    static final int MAX_ALERTS = IncidentQueries.MAX_ALERTS;

    private final IncidentRepository incidents;
    private final IncidentEventRepository events;
    private final IncidentAlerts alerts;
    private final IncidentQueries queries;
    private final AccessService access;
    private final AuditLog audit;
    private final SigningService signing;

    IncidentService(IncidentRepository incidents, IncidentEventRepository events, IncidentAlerts alerts,
            IncidentQueries queries, AccessService access, AuditLog audit, SigningService signing) {
        this.signing = signing;
        this.incidents = incidents;
        this.events = events;
        this.alerts = alerts;
        this.queries = queries;
        this.access = access;
        this.audit = audit;
    }

    @Transactional(readOnly = true)
    public Page<IncidentSummary> incidents(IncidentFilter filter, PageRequest page, Viewer viewer) {
        return queries.list(filter, page, viewer);
    }

    @Transactional(readOnly = true)
    public IncidentBoard board(Viewer viewer) {
        return queries.board(viewer);
    }

    /** An incident the caller sees, with its alerts and timeline; one they do not see is missing (404). */
    @Transactional(readOnly = true)
    public IncidentDetail incident(long id, Viewer viewer) {
        IncidentSummary incident = queries.find(id, viewer).orElseThrow(() -> notFound(id));
        return new IncidentDetail(incident, withSigning(queries.alerts(id, viewer), viewer), queries.timeline(id));
    }

    /** Each alert with its image's signing status (one statement for all), so the incident shows what was running unsigned. */
    private List<IncidentAlert> withSigning(List<IncidentAlert> alerts, Viewer viewer) {
        Map<String, DigestSigning> signed = signing.statusesOfDigests(alerts.stream().map(IncidentAlert::imageDigest)
                .filter(Objects::nonNull).toList(), viewer).stream().collect(Collectors.toMap(DigestSigning::digest, s -> s));
        return alerts.stream().map(a -> a.imageDigest() == null ? a : a.withSigning(signed.get(a.imageDigest()))).toList();
    }

    /** Whether the caller may change this incident (they see it): what its page offers them. */
    @Transactional(readOnly = true)
    public boolean mayChange(long id, Viewer viewer) {
        return viewer.mayChangeIncidents() && incidents.findById(id).map(i -> viewer.mayChangeIncidentsOf(i.teamId())).orElse(false);
    }

    /** Alerts in no incident that could join this one (its cluster, team and namespaces), for the incident page. */
    @Transactional(readOnly = true)
    public List<IncidentAlert> candidates(long id, Viewer viewer) {
        queries.find(id, viewer).orElseThrow(() -> notFound(id));
        return queries.candidates(id, viewer);
    }

    /** The alerts of a cluster's namespace that are in no incident and the caller sees, most severe first. */
    @Transactional(readOnly = true)
    public List<Long> alertsOutsideIncidents(String cluster, String namespace, Viewer viewer) {
        return queries.outsideIncidents(cluster, namespace, viewer);
    }

    /** The owners an incident the caller sees may be given to. */
    @Transactional(readOnly = true)
    public List<UserRef> owners(long id, Viewer viewer) {
        queries.find(id, viewer).orElseThrow(() -> notFound(id));
        return ownersOf(incidents.findById(id).orElseThrow(() -> notFound(id)).teamId());
    }

    /** People an incident of this team (null: of no team) may be given to: those who see it. */
    private List<UserRef> ownersOf(Long teamId) {
        return access.usersSeeingTeam(teamId);
    }

    /**
     * Opens an incident of alerts the caller sees: all of one cluster and one team (an incident is read by its team,
     * like its alerts), none already in an incident.
     */
    @Transactional
    public IncidentDetail create(NewIncident request, Viewer viewer) {
        if (!viewer.mayChangeIncidents()) {
            throw new KeelwatchException(CommonProblem.FORBIDDEN, "You may not open incidents.");
        }
        if (request == null) {
            throw invalid("Send the alerts the incident groups.");
        }
        List<Long> ids = alertIds(request.alerts(), "alerts");
        if (ids.isEmpty()) {
            throw invalid("An incident groups at least one alert: send their ids in \"alerts\".");
        }
        List<IncidentAlerts.Candidate> found = visibleAll(ids, viewer);
        IncidentAlerts.Candidate first = found.get(0);
        for (IncidentAlerts.Candidate alert : found) {
            if (alert.clusterId() != first.clusterId() || !Objects.equals(alert.teamId(), first.teamId())) {
                throw invalid("The alerts of one incident are of one cluster and one team; alert " + alert.id() + " is not of "
                        + "alert " + first.id() + "'s.");
            }
            inNoIncident(alert);
        }
        if (!viewer.mayChangeIncidentsOf(first.teamId())) {
            throw new KeelwatchException(CommonProblem.FORBIDDEN, "You may not open incidents of these alerts' team.");
        }
        int mostSevere = found.stream().mapToInt(IncidentAlerts.Candidate::priorityRank).min().orElseThrow();
        IncidentSeverity severity = request.severity() == null || request.severity().isBlank()
                ? IncidentSeverity.of(Priority.ofRank(mostSevere))
                : IncidentFilter.parse(IncidentSeverity.class, request.severity(), "severity");
        String title = request.title() == null || request.title().isBlank() ? defaultTitle(first, found.size())
                : text(request.title(), MAX_TITLE, "A title");
        Instant now = Instant.now();
        Incident incident = incidents.saveAndFlush(new Incident(first.clusterId(), first.teamId(), title, severity,
                viewer.username(), now));
        long id = incident.id();
        List<Long> added = alerts.add(id, ids, viewer.username());
        if (added.size() != ids.size()) {
            throw conflict("An alert was added to another incident meanwhile; nothing was opened.");
        }
        events.save(new IncidentEvent(id, now, viewer.username(), IncidentEvent.Kind.created, null, IncidentStatus.open.name(),
                ids.size() == 1 ? "with 1 alert" : "with " + ids.size() + " alerts"));
        audit.record(AuditEntry.success(viewer.username(), "incident.created", "incident", id, first.teamId(),
                Map.of("title", title, "severity", severity.name(), "alerts", ids)));
        return incident(id, viewer);
    }

    /** Moves an incident to another status ({@link IncidentStatus#next()}); a note may say why. */
    @Transactional
    public IncidentDetail changeStatus(long id, String status, String note, Viewer viewer) {
        Incident incident = writable(id, viewer);
        IncidentStatus next = IncidentFilter.parse(IncidentStatus.class, status, "status");
        if (next == null) {
            throw invalid("Send the status to move to: one of open, investigating, contained, resolved, false_alarm.");
        }
        String text = note == null || note.isBlank() ? null : text(note, MAX_TEXT, "A note");
        IncidentStatus before = incident.status();
        if (!before.next().contains(next)) {
            throw conflict("An incident that is " + before.label() + " cannot become " + next.label() + "; it may become "
                    + String.join(", ", before.next().stream().map(IncidentStatus::label).toList()) + ".");
        }
        Instant now = Instant.now();
        incident.moveTo(next, now);
        incidents.flush();
        events.save(new IncidentEvent(id, now, viewer.username(), IncidentEvent.Kind.status, before.name(), next.name(), text));
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("before", Map.of("status", before.name()));
        details.put("after", Map.of("status", next.name()));
        if (text != null) {
            details.put("note", text);
        }
        audit.record(AuditEntry.success(viewer.username(), "incident.status_changed", "incident", id, incident.teamId(), details));
        return incident(id, viewer);
    }

    @Transactional
    public IncidentDetail addNote(long id, String note, Viewer viewer) {
        Incident incident = writable(id, viewer);
        if (note == null || note.isBlank()) {
            throw invalid("A note needs text.");
        }
        String text = text(note, MAX_TEXT, "A note");
        events.save(new IncidentEvent(id, Instant.now(), viewer.username(), IncidentEvent.Kind.note, null, null, text));
        audit.record(AuditEntry.success(viewer.username(), "incident.noted", "incident", id, incident.teamId(),
                Map.of("note", text)));
        return incident(id, viewer);
    }

    /**
     * Gives the incident to a person who sees it ({@code owner} empty: to nobody). A name nobody has, a disabled account
     * and a person of another team are answered alike, so the answer tells nobody which accounts exist.
     */
    @Transactional
    public IncidentDetail assign(long id, String owner, Viewer viewer) {
        Incident incident = writable(id, viewer);
        String username = null;
        if (owner != null && !owner.isBlank()) {
            String wanted = owner.strip();
            username = ownersOf(incident.teamId()).stream().map(UserRef::username).filter(u -> u.equalsIgnoreCase(wanted))
                    .findFirst()
                    .orElseThrow(() -> invalid("'" + bounded(wanted) + "' cannot see this incident, so it cannot be given to them."));
        }
        String before = incident.owner();
        if (!Objects.equals(before, username)) {
            incident.assignTo(username);
            incidents.flush();
            events.save(new IncidentEvent(id, Instant.now(), viewer.username(), IncidentEvent.Kind.owner, before, username, null));
        }
        // the current owner sent again changes nothing, but a write is never an unrecorded way to read: audited
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("before", Map.of("owner", Objects.requireNonNullElse(before, "")));
        details.put("after", Map.of("owner", Objects.requireNonNullElse(username, "")));
        if (Objects.equals(before, username)) {
            details.put("unchanged", true);
        }
        audit.record(AuditEntry.success(viewer.username(), "incident.owner_changed", "incident", id, incident.teamId(), details));
        return incident(id, viewer);
    }

    /**
     * Adds alerts (of the incident's cluster and team, in no incident) and removes alerts of the incident; it keeps at
     * least one.
     */
    @Transactional
    public IncidentDetail changeAlerts(long id, List<Long> add, List<Long> remove, Viewer viewer) {
        Incident incident = writable(id, viewer);
        List<Long> adding = alertIds(add, "add");
        List<Long> removing = alertIds(remove, "remove");
        if (adding.isEmpty() && removing.isEmpty()) {
            throw invalid("Send alert ids to \"add\" or to \"remove\".");
        }
        if (adding.stream().anyMatch(removing::contains)) {
            throw invalid("An alert is either added or removed, not both.");
        }
        List<Long> toAdd = new ArrayList<>();
        if (!adding.isEmpty()) {
            for (IncidentAlerts.Candidate alert : visibleAll(adding, viewer)) {
                if (alert.clusterId() != incident.clusterId() || !Objects.equals(alert.teamId(), incident.teamId())) {
                    throw invalid("Alert " + alert.id() + " is not of this incident's cluster and team.");
                }
                if (alert.incidentId() == null) {
                    toAdd.add(alert.id());
                } else if (alert.incidentId() != id) {
                    inNoIncident(alert);
                }
            }
        }
        List<Long> removed = removing.isEmpty() ? List.of() : alerts.remove(id, removing);
        List<Long> added = toAdd.isEmpty() ? List.of() : alerts.add(id, toAdd, viewer.username());
        if (added.size() != toAdd.size()) {
            throw conflict("An alert was added to another incident meanwhile; nothing was changed.");
        }
        if (alerts.count(id) == 0) {
            throw invalid("An incident keeps at least one alert; resolve it or call it a false alarm instead.");
        }
        Instant now = Instant.now();
        if (!added.isEmpty()) {
            events.save(new IncidentEvent(id, now, viewer.username(), IncidentEvent.Kind.alerts_added, null, null, ids(added)));
        }
        if (!removed.isEmpty()) {
            events.save(new IncidentEvent(id, now, viewer.username(), IncidentEvent.Kind.alerts_removed, null, null, ids(removed)));
        }
        audit.record(AuditEntry.success(viewer.username(), "incident.alerts_changed", "incident", id, incident.teamId(),
                Map.of("added", added, "removed", removed)));
        return incident(id, viewer);
    }

    /** 404 for an incident the caller cannot see, 403 for one they see but may not change (auditors); locked for the change. */
    private Incident writable(long id, Viewer viewer) {
        queries.find(id, viewer).orElseThrow(() -> notFound(id));
        Incident incident = incidents.lock(id).orElseThrow(() -> notFound(id));
        if (!viewer.mayChangeIncidentsOf(incident.teamId())) {
            throw new KeelwatchException(CommonProblem.FORBIDDEN, "You may not change incidents of this team.");
        }
        return incident;
    }

    /** Every alert asked for, or 404 naming the first the caller does not see. */
    private List<IncidentAlerts.Candidate> visibleAll(List<Long> ids, Viewer viewer) {
        List<IncidentAlerts.Candidate> found = alerts.visible(ids, viewer);
        if (found.size() != ids.size()) {
            Set<Long> seen = new LinkedHashSet<>();
            found.forEach(a -> seen.add(a.id()));
            long missing = ids.stream().filter(i -> !seen.contains(i)).findFirst().orElseThrow();
            throw KeelwatchException.notFound("Alert " + missing);
        }
        return found;
    }

    private static void inNoIncident(IncidentAlerts.Candidate alert) {
        if (alert.incidentId() != null) {
            throw conflict("Alert " + alert.id() + " is in incident " + alert.incidentId() + " already; an alert is in one "
                    + "incident at most.");
        }
    }

    private static List<Long> alertIds(List<Long> ids, String field) {
        if (ids == null) {
            return List.of();
        }
        if (ids.size() > MAX_ALERTS) {
            throw invalid("At most " + MAX_ALERTS + " alerts in \"" + field + "\" at a time.");
        }
        if (ids.stream().anyMatch(Objects::isNull)) {
            throw invalid("\"" + field + "\" holds alert ids (numbers) only.");
        }
        return new ArrayList<>(new LinkedHashSet<>(ids));
    }

    private static String defaultTitle(IncidentAlerts.Candidate alert, int count) {
        String where = alert.namespace().isEmpty() ? "the cluster" : alert.pod().isEmpty() ? alert.namespace()
                : alert.namespace() + "/" + alert.pod();
        String title = alert.rule() + " in " + where + (count > 1 ? " and " + (count - 1) + " more" : "");
        return title.length() <= MAX_TITLE ? title : title.substring(0, MAX_TITLE - 1) + "…";
    }

    private static String text(String value, int max, String what) {
        String text = value.strip();
        if (text.length() > max) {
            throw invalid(what + " has at most " + max + " characters.");
        }
        return text;
    }

    private static String ids(List<Long> ids) {
        return String.join(", ", ids.stream().map(String::valueOf).toList());
    }

    private static String bounded(String value) {
        return value.length() <= 100 ? value : value.substring(0, 100) + "…";
    }

    private static KeelwatchException notFound(long id) {
        return KeelwatchException.notFound("Incident " + id);
    }

    private static KeelwatchException invalid(String message) {
        return new KeelwatchException(CommonProblem.INVALID_REQUEST, message);
    }

    private static KeelwatchException conflict(String message) {
        return new KeelwatchException(CommonProblem.CONFLICT, message);
    }
}
