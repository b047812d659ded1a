package io.keelwatch.findings.triage;

import io.keelwatch.access.AccessService;
import io.keelwatch.access.UserRef;
import io.keelwatch.access.UserSummary;
import io.keelwatch.access.Viewer;
import io.keelwatch.audit.AuditEntry;
import io.keelwatch.audit.AuditLog;
import io.keelwatch.audit.AuditTrailEntry;
import io.keelwatch.findings.FindingComment;
import io.keelwatch.findings.FindingDetail;
import io.keelwatch.findings.FindingFilter;
import io.keelwatch.findings.FindingService;
import io.keelwatch.findings.TriageChange;
import io.keelwatch.findings.exposure.ExposureRecount;
import io.keelwatch.platform.CommonProblem;
import io.keelwatch.platform.KeelwatchException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;
import org.springframework.modulith.NamedInterface;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Triage of findings by people: status, assignee, comments, one at a time or for a whole filtered
 * selection. Every change is audited with before and after, and a status change recounts the
 * project's dashboard in the same transaction.
 * A named interface of the findings module ({@code findings::triage}): the demo triages through it
 * as people do; the rest of this package stays internal.
 */
@Service
@NamedInterface("triage")
public class TriageService {

    private static final int HISTORY_LIMIT = 200;

    private final TriageWriter writer;
    private final ExposureRecount exposure;
    private final FindingService findings;
    private final AccessService access;
    private final AuditLog audit;

    TriageService(TriageWriter writer, ExposureRecount exposure, FindingService findings, AccessService access,
            AuditLog audit) {
        this.writer = writer;
        this.exposure = exposure;
        this.findings = findings;
        this.access = access;
        this.audit = audit;
    }

    /** Result of a bulk change: how many findings changed. */
    public record BulkResult(int changed) {
    }

    @Transactional
    public FindingDetail change(long id, TriageChange change, Viewer viewer) {
        TriageWriter.Target target = writable(id, viewer);
        if (change.empty()) {
            throw new KeelwatchException(CommonProblem.INVALID_REQUEST, "Send a status, an assignee or a comment.");
        }
        String status = change.status() == null ? target.status() : change.status().name();
        Long assigneeId = target.assigneeId();
        String assignee = target.assignee();
        if (change.assignee() != null) {
            UserRef user = change.assignee().isBlank() ? null : assignable(change.assignee(), target);
            assigneeId = user == null ? null : user.id();
            assignee = user == null ? null : user.username();
        }
        boolean statusChanged = !status.equals(target.status());
        boolean assigneeChanged = !Objects.equals(assigneeId, target.assigneeId());
        Map<String, Object> before = new LinkedHashMap<>();
        Map<String, Object> after = new LinkedHashMap<>();
        if (statusChanged) {
            before.put("status", target.status());
            after.put("status", status);
            if (target.exceptionId() != null) {
                before.put("exception", target.exceptionId());
            }
        }
        if (assigneeChanged) {
            before.put("assignee", Objects.requireNonNullElse(target.assignee(), ""));
            after.put("assignee", Objects.requireNonNullElse(assignee, ""));
        }
        if (statusChanged || assigneeChanged) {
            writer.update(id, status, assigneeId, statusChanged);
            audit.record(AuditEntry.success(viewer.username(), "finding.triaged", "finding", id, target.teamId(),
                    Map.of("before", before, "after", after)));
        } else if (change.status() != null || change.assignee() != null) {
            // Sending the current values changes nothing, but it is a write like any other: audited,
            // so that a write is never an unrecorded way to learn a finding's state.
            if (change.status() != null) {
                before.put("status", target.status());
                after.put("status", status);
            }
            if (change.assignee() != null) {
                before.put("assignee", Objects.requireNonNullElse(target.assignee(), ""));
                after.put("assignee", Objects.requireNonNullElse(assignee, ""));
            }
            audit.record(AuditEntry.success(viewer.username(), "finding.triaged", "finding", id, target.teamId(),
                    Map.of("before", before, "after", after, "unchanged", true)));
        }
        if (change.comment() != null && !change.comment().isBlank()) {
            addComment(target, change.comment(), viewer);
        }
        if (statusChanged && target.projectId() != null) {
            exposure.recount(target.projectId());
        }
        return findings.finding(id, viewer);
    }

    @Transactional
    public FindingComment comment(long id, String body, Viewer viewer) {
        if (body == null || body.isBlank()) {
            throw new KeelwatchException(CommonProblem.INVALID_REQUEST, "A comment needs text.");
        }
        return addComment(writable(id, viewer), body, viewer);
    }

    public List<AuditTrailEntry> history(long id, Viewer viewer) {
        findings.finding(id, viewer);
        return audit.trail("finding", String.valueOf(id), HISTORY_LIMIT);
    }

    public List<FindingComment> comments(long id, Viewer viewer) {
        findings.finding(id, viewer);
        return writer.comments(id);
    }

    /** People a finding of this team (null: of no team, a cluster's own) may be assigned to. */
    public List<UserRef> assignees(Long teamId) {
        return access.usersSeeingTeam(teamId);
    }

    /**
     * Sets status and/or assignee on every finding the filter selects for the viewer, in one
     * statement and one transaction; each changed finding gets its own audit event (one insert).
     */
    @Transactional
    public BulkResult bulk(FindingFilter filter, TriageChange change, Viewer viewer) {
        if (!viewer.mayTriage()) {
            throw new KeelwatchException(CommonProblem.FORBIDDEN, "Your role (or token's scopes) may not triage findings.");
        }
        if (change.status() == null && change.assignee() == null) {
            throw new KeelwatchException(CommonProblem.INVALID_REQUEST, "A bulk action sets a status or an assignee.");
        }
        Long assigneeId = null;
        Optional<Viewer> assignee = Optional.empty();
        if (change.assignee() != null && !change.assignee().isBlank()) {
            Optional<UserSummary> found = access.user(change.assignee().strip()).filter(UserSummary::enabled);
            if (found.isEmpty()) {
                // Nobody by that name (or a disabled account) sees nothing, so nothing of the selection
                // is theirs to be assigned: the answer is that of a user who sees none of it, never
                // "no such user", which would tell the caller which usernames exist in other teams.
                return new BulkResult(0);
            }
            UserSummary user = found.get();
            assigneeId = user.id();
            assignee = Optional.of(new Viewer(user.id(), user.username(), user.role(),
                    user.teams().stream().map(slug -> access.team(slug).orElseThrow().id()).collect(Collectors.toSet())));
        }
        List<TriageWriter.Changed> changed = writer.bulk(filter, viewer, change.status() == null ? null : change.status().name(),
                change.assignee() != null, assigneeId, assignee);
        audit.recordAll(changed.stream().map(c -> AuditEntry.success(viewer.username(), "finding.triaged", "finding", c.id(),
                c.teamId(), Map.of("bulk", true, "before", state(c.beforeStatus(), c.beforeAssignee()),
                        "after", state(c.afterStatus(), c.afterAssignee())))).toList());
        if (change.status() != null) {
            changed.stream().map(TriageWriter.Changed::projectId).filter(Objects::nonNull).distinct().forEach(exposure::recount);
        }
        return new BulkResult(changed.size());
    }

    private static Map<String, Object> state(String status, String assignee) {
        return Map.of("status", status, "assignee", Objects.requireNonNullElse(assignee, ""));
    }

    private FindingComment addComment(TriageWriter.Target target, String body, Viewer viewer) {
        if (body.length() > 4000) {
            throw new KeelwatchException(CommonProblem.INVALID_REQUEST, "A comment has at most 4000 characters.");
        }
        FindingComment comment = writer.comment(target.id(), viewer.username(), body.strip());
        audit.record(AuditEntry.success(viewer.username(), "finding.commented", "finding", target.id(), target.teamId(),
                Map.of("comment", comment.body())));
        return comment;
    }

    /** 404 for a finding the viewer cannot see, 403 for one they see but may not change (auditors). */
    private TriageWriter.Target writable(long id, Viewer viewer) {
        TriageWriter.Target target = writer.lock(id, viewer).orElseThrow(() -> KeelwatchException.notFound("Finding " + id));
        if (!viewer.mayChangeFindingsOf(target.teamId())) {
            throw new KeelwatchException(CommonProblem.FORBIDDEN, "You may not change findings of this team.");
        }
        return target;
    }

    private UserRef assignable(String username, TriageWriter.Target target) {
        return access.usersSeeingTeam(target.teamId()).stream()
                .filter(u -> u.username().equalsIgnoreCase(username.strip()))
                .findFirst()
                .orElseThrow(() -> new KeelwatchException(CommonProblem.INVALID_REQUEST,
                        "'" + username.strip() + "' cannot see this finding's project, so it cannot be assigned to them."));
    }
}
