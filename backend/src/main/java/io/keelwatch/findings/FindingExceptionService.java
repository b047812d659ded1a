package io.keelwatch.findings;

import io.keelwatch.access.AccessService;
import io.keelwatch.access.TeamSummary;
import io.keelwatch.access.Viewer;
import io.keelwatch.audit.AuditEntry;
import io.keelwatch.audit.AuditLog;
import io.keelwatch.audit.AuditTrailEntry;
import io.keelwatch.findings.exceptions.ExceptionEffects;
import io.keelwatch.findings.exceptions.ExceptionQueries;
import io.keelwatch.findings.exceptions.ExceptionRecords;
import io.keelwatch.inventory.InventoryService;
import io.keelwatch.inventory.ProjectRef;
import io.keelwatch.platform.CommonProblem;
import io.keelwatch.platform.KeelwatchException;
import io.keelwatch.platform.Page;
import io.keelwatch.platform.PageRequest;
import io.keelwatch.signing.GateRule;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Exceptions: developers propose them for their teams, leads decide. An approved exception sets
 * the status of every matching finding at once and of every matching finding later imports bring
 * (see {@link ExceptionEffects}); revoking or expiring it reopens them.
 */
@Service
public class FindingExceptionService {

    /** How long a lapsed exception is shown to its team. */
    static final Duration LAPSE_NOTICE = Duration.ofDays(7);
    private static final int HISTORY_LIMIT = 200;
    private static final Pattern DIGEST = Pattern.compile("sha256:[a-f0-9]{64}|sha512:[a-f0-9]{128}");

    private final ExceptionQueries exceptions;
    private final ExceptionRecords records;
    private final ExceptionEffects effects;
    private final InventoryService inventory;
    private final AccessService access;
    private final AuditLog audit;

    FindingExceptionService(ExceptionQueries exceptions, ExceptionRecords records, ExceptionEffects effects, InventoryService inventory,
            AccessService access, AuditLog audit) {
        this.exceptions = exceptions;
        this.records = records;
        this.effects = effects;
        this.inventory = inventory;
        this.access = access;
        this.audit = audit;
    }

    @Transactional
    public FindingExceptionSummary propose(ExceptionProposal request, Viewer viewer) {
        return propose(request, viewer, "manual");
    }

    @Transactional
    public FindingExceptionSummary propose(ExceptionProposal request, Viewer viewer, String source) {
        validate(request);
        long teamId;
        Long projectId = null;
        if (request.project() != null && !request.project().isBlank()) {
            ProjectRef project = inventory.visibleProject(request.project().trim(), viewer)
                    .orElseThrow(() -> KeelwatchException.notFound("Project '" + request.project().trim() + "'"));
            teamId = project.teamId();
            projectId = project.id();
        } else if (request.team() != null && !request.team().isBlank()) {
            teamId = access.team(request.team().trim()).filter(t -> viewer.canSee(t.id())).map(TeamSummary::id)
                    .orElseThrow(() -> KeelwatchException.notFound("Team '" + request.team().trim() + "'"));
        } else {
            throw new KeelwatchException(CommonProblem.INVALID_REQUEST, "Name the project or the team the exception is for.");
        }
        if (!viewer.canWriteTo(teamId)) {
            throw new KeelwatchException(CommonProblem.FORBIDDEN, "You may not propose exceptions for this team.");
        }
        long id = records.insert(teamId, projectId, normalised(request), VexJustification.parse(request.vexJustification()),
                viewer.username(), source);
        FindingExceptionSummary created = load(id, viewer, false);
        audit.record(AuditEntry.success(viewer.username(), "exception.proposed", "exception", id, teamId,
                Map.of("after", describe(created))));
        return created;
    }

    /**
     * Proposes a mute: an exception whose subject is a runtime rule, decided, expiring, edited and
     * audited exactly like a finding's (one exception mechanism). Its scope is a project, a team or a
     * cluster; a cluster alone (no team) covers the alerts no team owns too, so only writers who see
     * every team propose one. Alerts it matches are shown muted while it is in force; none is dropped.
     */
    @Transactional
    public FindingExceptionSummary proposeMute(MuteProposal request, Viewer viewer) {
        MuteProposal mute = validMute(request);
        Long teamId = null;
        Long projectId = null;
        Long clusterId = null;
        if (mute.project() != null) {
            ProjectRef project = inventory.visibleProject(mute.project(), viewer)
                    .orElseThrow(() -> KeelwatchException.notFound("Project '" + mute.project() + "'"));
            teamId = project.teamId();
            projectId = project.id();
        } else if (mute.team() != null) {
            teamId = access.team(mute.team()).filter(t -> viewer.canSee(t.id())).map(TeamSummary::id)
                    .orElseThrow(() -> KeelwatchException.notFound("Team '" + mute.team() + "'"));
        }
        if (mute.cluster() != null) {
            clusterId = inventory.cluster(mute.cluster()).map(c -> c.id())
                    .orElseThrow(() -> KeelwatchException.notFound("Cluster '" + mute.cluster() + "'"));
        }
        if (teamId == null && clusterId == null) {
            throw invalid("Name the project, the team or the cluster the mute is for.");
        }
        if (!viewer.mayChangeFindingsOf(teamId)) {
            throw new KeelwatchException(CommonProblem.FORBIDDEN, teamId == null
                    ? "Only security leads and admins mute a rule for a whole cluster; name a project or team."
                    : "You may not propose exceptions for this team.");
        }
        long id = records.insertMute(teamId, projectId, clusterId, mute, viewer.username());
        FindingExceptionSummary created = load(id, viewer, false);
        audit.record(AuditEntry.success(viewer.username(), "exception.proposed", "exception", id, teamId,
                Map.of("after", describe(created))));
        return created;
    }

    /**
     * Proposes a gate-rule waiver: an exception whose subject is one rule of the deploy gate, for the images its project
     * holds records of (optionally one repository pattern or one digest), decided, expiring, edited and audited like any
     * exception. While it is approved and unexpired the gate still reports the broken rule, marked waived with this
     * exception's id, and the rule neither denies nor warns.
     */
    @Transactional
    public FindingExceptionSummary proposeGateWaiver(GateWaiverProposal request, Viewer viewer) {
        GateWaiverProposal waiver = validWaiver(request);
        ProjectRef project = inventory.visibleProject(waiver.project(), viewer)
                .orElseThrow(() -> KeelwatchException.notFound("Project '" + waiver.project() + "'"));
        if (!viewer.mayChangeFindingsOf(project.teamId())) {
            throw new KeelwatchException(CommonProblem.FORBIDDEN, "You may not propose exceptions for this team.");
        }
        long id = records.insertGateWaiver(project.teamId(), project.id(), waiver, viewer.username());
        FindingExceptionSummary created = load(id, viewer, false);
        audit.record(AuditEntry.success(viewer.username(), "exception.proposed", "exception", id, project.teamId(),
                Map.of("after", describe(created))));
        return created;
    }

    /** A waiver proposal as stored: trimmed, a blank (or {@code *}) pattern or digest as null, every text bounded. */
    private static GateWaiverProposal validWaiver(GateWaiverProposal r) {
        if (r == null || blankToNull(r.project()) == null) {
            throw invalid("project (the project whose images the waiver is for) is required.");
        }
        String rule = r.rule() == null ? "" : r.rule().strip();
        if (GateRule.of(rule).isEmpty()) {
            throw invalid("rule is one of the gate's rules: " + String.join(", ", Arrays.stream(GateRule.values()).map(GateRule::id)
                    .toList()) + ".");
        }
        if (r.kind() == null || r.kind() == ExceptionKind.not_affected) {
            throw invalid("kind is risk_accepted or false_positive.");
        }
        if (r.expiresAt() == null) {
            throw invalid("A waiver needs an expiry (expiresAt): every waiver ends.");
        }
        validateTerms(r.kind(), r.justification(), r.expiresAt());
        String digest = blankToNull(r.imageDigest());
        if (digest != null && !DIGEST.matcher(digest).matches()) {
            throw invalid("imageDigest is sha256:<64 lowercase hex> (or sha512:<128>), or empty for every digest.");
        }
        return new GateWaiverProposal(r.project().strip(), rule, pattern("imagePattern", r.imagePattern()), digest, r.kind(),
                r.justification().strip(), r.expiresAt());
    }

    /** A mute proposal as stored: trimmed, blank patterns (or {@code *}) as null, every text bounded. */
    private static MuteProposal validMute(MuteProposal r) {
        if (r == null || r.rule() == null || r.rule().isBlank() || r.rule().strip().length() > 200) {
            throw invalid("rule (a Falco rule name, at most 200 characters) is required.");
        }
        if (r.kind() == null) {
            throw invalid("kind is required: false_positive (expected behaviour) or risk_accepted.");
        }
        if (r.kind() == ExceptionKind.not_affected) {
            throw invalid("A mute is a false_positive (expected behaviour) or a risk_accepted, not not_affected (a VEX status).");
        }
        if (r.expiresAt() == null) {
            throw invalid("A mute needs an expiry (expiresAt): every mute ends.");
        }
        validateTerms(r.kind(), r.justification(), r.expiresAt());
        return new MuteProposal(blankToNull(r.project()), blankToNull(r.team()), blankToNull(r.cluster()), r.rule().strip(),
                pattern("namespacePattern", r.namespacePattern()), pattern("workloadPattern", r.workloadPattern()),
                pattern("imagePattern", r.imagePattern()), r.kind(), r.justification().strip(), r.expiresAt());
    }

    private static String pattern(String field, String value) {
        String pattern = blankToNull(value);
        if (pattern != null && pattern.length() > 200) {
            throw invalid(field + " (a name, or a pattern where * matches any characters) may have at most 200 characters.");
        }
        return pattern;
    }

    /** Approves a proposal; {@code comment} (optional) is the lead's word on it, stored and audited with the decision. */
    @Transactional
    public FindingExceptionSummary approve(long id, String comment, Viewer viewer) {
        String said = decisionComment(comment);
        ExceptionQueries.Stored stored = decidable(id, viewer, ExceptionState.proposed);
        if (stored.summary().expiresAt() != null && !stored.summary().expiresAt().toInstant().isAfter(Instant.now())) {
            throw new KeelwatchException(CommonProblem.CONFLICT, "Exception " + id + " has already expired; propose a new one.");
        }
        Instant now = Instant.now();
        records.decide(id, ExceptionState.approved, viewer.username(), now, said);
        int applied = effects.applyApproved(id, viewer.username(), now);
        audit.record(AuditEntry.success(viewer.username(), "exception.approved", "exception", id, stored.teamId(),
                decided(ExceptionState.proposed, ExceptionState.approved, said, applied)));
        return load(id, viewer, false);
    }

    @Transactional
    public FindingExceptionSummary reject(long id, String comment, Viewer viewer) {
        String said = decisionComment(comment);
        ExceptionQueries.Stored stored = decidable(id, viewer, ExceptionState.proposed);
        records.decide(id, ExceptionState.rejected, viewer.username(), Instant.now(), said);
        audit.record(AuditEntry.success(viewer.username(), "exception.rejected", "exception", id, stored.teamId(),
                decided(ExceptionState.proposed, ExceptionState.rejected, said, null)));
        return load(id, viewer, false);
    }

    /** Revoking reopens the findings the exception covered, at once. */
    @Transactional
    public FindingExceptionSummary revoke(long id, String comment, Viewer viewer) {
        String said = decisionComment(comment);
        ExceptionQueries.Stored stored = decidable(id, viewer, ExceptionState.approved);
        records.decide(id, ExceptionState.revoked, viewer.username(), Instant.now(), said);
        int reopened = effects.release(id, viewer.username());
        audit.record(AuditEntry.success(viewer.username(), "exception.revoked", "exception", id, stored.teamId(),
                decided(ExceptionState.approved, ExceptionState.revoked, said, reopened)));
        return load(id, viewer, false);
    }

    /**
     * The findings the exception covers or, while proposed, would cover once approved: those of its
     * scope that match it and are actionable (open or in progress) or already carry its status.
     */
    public Page<CoveredFinding> coveredFindings(long id, PageRequest page, Viewer viewer) {
        load(id, viewer, false);
        return new Page<>(exceptions.covered(id, page, viewer), page.page(), page.size(), exceptions.countCovered(id, viewer));
    }

    /** A decision's comment as stored: trimmed, null when blank, at most 4000 characters. */
    private static String decisionComment(String comment) {
        if (comment == null || comment.isBlank()) {
            return null;
        }
        if (comment.strip().length() > 4000) {
            throw invalid("comment may have at most 4000 characters.");
        }
        return comment.strip();
    }

    private static Map<String, Object> decided(ExceptionState before, ExceptionState after, String comment, Integer findings) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("before", Map.of("state", before.name()));
        details.put("after", Map.of("state", after.name()));
        if (findings != null) {
            details.put("findings", findings);
        }
        if (comment != null) {
            details.put("comment", comment);
        }
        return details;
    }

    /**
     * Edits an exception. A proposal: its justification, expiry and package, by its proposer or a
     * lead (or admin). An approved exception: only its expiry, by a lead (or admin), without a new
     * approval — its findings keep their status, and the expiry job lapses it at the new expiry.
     * Rejected, revoked and expired exceptions are closed (409). The result passes the same
     * validation as a proposal, and the change is audited with before and after.
     */
    @Transactional
    public FindingExceptionSummary edit(long id, ExceptionEdit edit, Viewer viewer) {
        ExceptionQueries.Stored stored = exceptions.find(id, viewer, true)
                .orElseThrow(() -> KeelwatchException.notFound("Exception " + id));
        FindingExceptionSummary current = stored.summary();
        editRefusal(stored, viewer).ifPresent(refusal -> {
            throw refusal;
        });
        if (edit == null || edit.empty()) {
            throw invalid("Send a justification, an expiry (expiresAt) or a package (packageName).");
        }
        boolean approved = current.state() == ExceptionState.approved;
        String justification = edit.justification() == null ? current.justification() : edit.justification();
        String pkg = edit.packageName() == null ? current.packageName() : blankToNull(edit.packageName());
        if (pkg != null && pkg.length() > 200) {
            throw invalid("packageName may have at most 200 characters.");
        }
        if (!current.coversFindings() && pkg != null) {
            throw invalid("A mute or a gate-rule waiver names no package; its rule and patterns are what was proposed: "
                    + "propose a new one to change them.");
        }
        OffsetDateTime expiresAt = edit.expiresAt() == null ? current.expiresAt() : edit.expiresAt();
        if (approved && (!justification.strip().equals(current.justification()) || !Objects.equals(pkg, current.packageName()))) {
            throw new KeelwatchException(CommonProblem.CONFLICT, "Exception " + id + " is approved: only its expiry can change. "
                    + "Its justification and package are what was approved; revoke it and propose a new one to change them.");
        }
        if (approved && edit.expiresAt() != null && !edit.expiresAt().toInstant().isAfter(Instant.now())) {
            throw invalid("expiresAt " + expiry(edit.expiresAt()) + " has already passed; to end an approved exception now, revoke it.");
        }
        validateTerms(current.kind(), justification, expiresAt);
        justification = justification.strip();

        Map<String, Object> before = new LinkedHashMap<>();
        Map<String, Object> after = new LinkedHashMap<>();
        changed(before, after, "justification", current.justification(), justification);
        changed(before, after, "package", Objects.requireNonNullElse(current.packageName(), "*"), Objects.requireNonNullElse(pkg, "*"));
        changed(before, after, "expiresAt", expiry(current.expiresAt()), expiry(expiresAt));
        if (after.isEmpty()) {
            // Nothing to write, but the edit is audited like any other: a write is never an unrecorded look.
            Map<String, Object> unchanged = sent(edit, current);
            audit.record(AuditEntry.success(viewer.username(), "exception.edited", "exception", id, stored.teamId(),
                    Map.of("state", current.state().name(), "before", unchanged, "after", unchanged, "unchanged", true)));
            return current;
        }
        records.update(id, justification, pkg, expiresAt);
        audit.record(AuditEntry.success(viewer.username(), "exception.edited", "exception", id, stored.teamId(),
                Map.of("state", current.state().name(), "before", before, "after", after)));
        return load(id, viewer, false);
    }

    public FindingExceptionSummary exception(long id, Viewer viewer) {
        return load(id, viewer, false);
    }

    /** The exception's recorded events, oldest first: proposal, edits, decisions, expiry. */
    public List<AuditTrailEntry> history(long id, Viewer viewer) {
        load(id, viewer, false);
        return audit.trail("exception", String.valueOf(id), HISTORY_LIMIT);
    }

    public Page<FindingExceptionSummary> exceptions(ExceptionState state, String project, PageRequest page, Viewer viewer) {
        return new Page<>(exceptions.list(state, project, page, viewer), page.page(), page.size(),
                exceptions.count(state, project, viewer));
    }

    /** Exceptions of the viewer's teams that lapsed in the last week: their findings are open again. */
    public List<FindingExceptionSummary> recentlyLapsed(Viewer viewer) {
        return exceptions.lapsedSince(Instant.now().minus(LAPSE_NOTICE), viewer);
    }

    /** Whether {@link #edit} would let the viewer change this exception at all (pages show the form only then). */
    public boolean mayEdit(long id, Viewer viewer) {
        return exceptions.find(id, viewer, false).map(stored -> editRefusal(stored, viewer).isEmpty()).orElse(false);
    }

    /**
     * Why the viewer may not edit an exception, or empty when they may: closed ones nobody (409), a
     * proposal its proposer or a lead (or admin), an approved one a lead (or admin); never another team's.
     */
    private static Optional<KeelwatchException> editRefusal(ExceptionQueries.Stored stored, Viewer viewer) {
        FindingExceptionSummary current = stored.summary();
        if (!viewer.mayChangeFindingsOf(stored.teamId())) {
            return Optional.of(new KeelwatchException(CommonProblem.FORBIDDEN, "You may not change exceptions of this team."));
        }
        if (current.closed()) {
            return Optional.of(new KeelwatchException(CommonProblem.CONFLICT, "Exception " + current.id() + " is "
                    + current.shownState() + " and can no longer be edited; propose a new one."));
        }
        if (viewer.mayDecideExceptions()) {
            return Optional.empty();
        }
        if (current.state() == ExceptionState.approved) {
            return Optional.of(new KeelwatchException(CommonProblem.FORBIDDEN,
                    "Only security leads and admins change an approved exception."));
        }
        if (!viewer.username().equals(current.proposedBy())) {
            return Optional.of(new KeelwatchException(CommonProblem.FORBIDDEN,
                    "Only its proposer or a security lead may edit a proposed exception."));
        }
        return Optional.empty();
    }

    private ExceptionQueries.Stored decidable(long id, Viewer viewer, ExceptionState required) {
        ExceptionQueries.Stored stored = exceptions.find(id, viewer, true)
                .orElseThrow(() -> KeelwatchException.notFound("Exception " + id));
        if (!viewer.mayDecideExceptions()) {
            throw new KeelwatchException(CommonProblem.FORBIDDEN, "Only security leads and admins decide on exceptions.");
        }
        if (stored.summary().state() != required) {
            throw new KeelwatchException(CommonProblem.CONFLICT,
                    "Exception " + id + " is " + stored.summary().state() + ", not " + required + ".");
        }
        return stored;
    }

    private FindingExceptionSummary load(long id, Viewer viewer, boolean lock) {
        return exceptions.find(id, viewer, lock).map(ExceptionQueries.Stored::summary)
                .orElseThrow(() -> KeelwatchException.notFound("Exception " + id));
    }

    private static void validate(ExceptionProposal request) {
        if (request.matchId() == null || request.matchId().isBlank() || request.matchId().strip().length() > 200) {
            throw invalid("matchId (a vulnerability or check id, at most 200 characters) is required.");
        }
        if (request.packageName() != null && request.packageName().strip().length() > 200) {
            throw invalid("packageName (a package name, or a pattern such as musl* where * matches any characters) "
                    + "may have at most 200 characters.");
        }
        if (request.kind() == null) {
            throw invalid("kind is required: risk_accepted, false_positive or not_affected.");
        }
        validateTerms(request.kind(), request.justification(), request.expiresAt());
    }

    /** What a proposal and an edit alike must say: why, and until when. One place, so the two cannot drift apart. */
    private static void validateTerms(ExceptionKind kind, String justification, OffsetDateTime expiresAt) {
        if (justification == null || justification.isBlank() || justification.length() > 4000) {
            throw invalid("justification (at most 4000 characters) is required.");
        }
        if (kind == ExceptionKind.risk_accepted && expiresAt == null) {
            throw invalid("A risk acceptance needs an expiry (expiresAt).");
        }
        if (expiresAt != null && !expiresAt.toInstant().isAfter(Instant.now())) {
            throw invalid("expiresAt must be in the future.");
        }
    }

    private static ExceptionProposal normalised(ExceptionProposal r) {
        String pkg = blankToNull(r.packageName());
        return new ExceptionProposal(r.project(), r.team(), r.matchId().strip(), pkg, r.kind(), r.justification().strip(),
                r.vexJustification(), r.expiresAt());
    }

    /** A package name or pattern as stored: trimmed, and null (any package) when blank or {@code *}. */
    private static String blankToNull(String packageName) {
        return packageName == null || packageName.isBlank() || packageName.strip().equals("*") ? null : packageName.strip();
    }

    /** The fields an edit sent, as the audit log records them (an edit that changed nothing sent the current values). */
    private static Map<String, Object> sent(ExceptionEdit edit, FindingExceptionSummary current) {
        Map<String, Object> fields = new LinkedHashMap<>();
        if (edit.justification() != null) {
            fields.put("justification", current.justification());
        }
        if (edit.packageName() != null) {
            fields.put("package", Objects.requireNonNullElse(current.packageName(), "*"));
        }
        if (edit.expiresAt() != null) {
            fields.put("expiresAt", expiry(current.expiresAt()));
        }
        return fields;
    }

    private static void changed(Map<String, Object> before, Map<String, Object> after, String field, Object was, Object is) {
        if (!Objects.equals(was, is)) {
            before.put(field, was);
            after.put(field, is);
        }
    }

    /** An expiry as the audit log records it: the instant in UTC, so the same time sent with another offset is no change. */
    private static String expiry(OffsetDateTime expiresAt) {
        return expiresAt == null ? "never" : DateTimeFormatter.ISO_INSTANT.format(expiresAt);
    }

    private static KeelwatchException invalid(String message) {
        return new KeelwatchException(CommonProblem.INVALID_REQUEST, message);
    }

    static Map<String, Object> describe(FindingExceptionSummary e) {
        Map<String, Object> d = new LinkedHashMap<>();
        if (e.mutesAlerts()) {
            d.put("subject", "runtime_rule");
            d.put("cluster", Objects.requireNonNullElse(e.mute().cluster(), "*"));
            d.put("namespace", Objects.requireNonNullElse(e.mute().namespacePattern(), "*"));
            d.put("workload", Objects.requireNonNullElse(e.mute().workloadPattern(), "*"));
            d.put("image", Objects.requireNonNullElse(e.mute().imagePattern(), "*"));
        }
        if (e.waivesGateRule()) {
            d.put("subject", "gate_rule");
            d.put("image", Objects.requireNonNullElse(e.gateWaiver().imagePattern(), "*"));
            d.put("digest", Objects.requireNonNullElse(e.gateWaiver().imageDigest(), "*"));
        }
        d.put("team", Objects.requireNonNullElse(e.team(), "*"));
        d.put("project", Objects.requireNonNullElse(e.project(), "*"));
        d.put("matchId", e.matchId());
        d.put("package", Objects.requireNonNullElse(e.packageName(), "*"));
        d.put("kind", e.kind().name());
        d.put("state", e.state().name());
        d.put("expiresAt", expiry(e.expiresAt()));
        return d;
    }
}
