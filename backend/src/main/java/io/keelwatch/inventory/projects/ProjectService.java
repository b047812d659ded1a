package io.keelwatch.inventory.projects;

import io.keelwatch.access.AccessService;
import io.keelwatch.access.TeamSummary;
import io.keelwatch.access.UserRef;
import io.keelwatch.access.Viewer;
import io.keelwatch.audit.AuditEntry;
import io.keelwatch.audit.AuditLog;
import io.keelwatch.inventory.NewProject;
import io.keelwatch.inventory.ProjectSummary;
import io.keelwatch.platform.CommonProblem;
import io.keelwatch.platform.KeelwatchException;
import io.keelwatch.platform.Page;
import io.keelwatch.platform.PageRequest;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Creating, editing, archiving and reading projects for people and integrations: checks the caller
 * ({@link ProjectPermissions}), validates, writes the {@link Project} aggregate and audits each change
 * with before and after. Reads answer only projects the caller sees; others are missing (404).
 */
@Service
public class ProjectService {

    private final ProjectRepository projects;
    private final ProjectQueries queries;
    private final ProjectPermissions permissions;
    private final AccessService access;
    private final AuditLog audit;
    private final Validator validator;

    ProjectService(ProjectRepository projects, ProjectQueries queries, ProjectPermissions permissions, AccessService access,
            AuditLog audit, Validator validator) {
        this.projects = projects;
        this.queries = queries;
        this.permissions = permissions;
        this.access = access;
        this.audit = audit;
        this.validator = validator;
    }

    @Transactional
    public ProjectSummary create(NewProject request, Viewer actor) {
        valid(request);
        TeamSummary team = access.team(request.team().strip())
                .filter(t -> actor.canSee(t.id()))
                .orElseThrow(() -> KeelwatchException.notFound("Team '" + request.team().strip() + "'"));
        permissions.requireEdit(actor, team.id(), () -> KeelwatchException.notFound("Team '" + team.slug() + "'"));
        if (projects.existsBySlug(request.slug())) {
            throw taken(request.slug(), null);
        }
        Set<Long> owners = owners(request.owners(), team);
        Criticality criticality = Criticality.ofTier(request.tier() == null ? Criticality.DEFAULT_TIER : request.tier());
        Project project = new Project(team.id(), request.slug(), request.name().strip(), criticality,
                blankToNull(request.description()), owners);
        try {
            projects.saveAndFlush(project);
        } catch (DataIntegrityViolationException e) {
            throw taken(request.slug(), e);
        }
        ProjectSummary created = queries.bySlug(project.slug(), actor).orElseThrow();
        audit.record(AuditEntry.success(actor.username(), "project.created", "project", created.slug(), team.id(),
                Map.of("after", describe(created))));
        return created;
    }

    /**
     * The project an upload names, created first when it does not exist (Dependency-Track's
     * {@code autoCreate}), in the caller's transaction so a failed import leaves no project behind.
     * Uploads racing to create the same project meet on its unique slug: one creates it, the others
     * wait for that and use it.
     */
    @Transactional
    public void createForUpload(String teamSlug, String slug, Viewer actor) {
        NewProject request = NewProject.named(teamSlug, slug);
        valid(request);
        TeamSummary team = access.team(teamSlug)
                .filter(t -> actor.canSee(t.id()))
                .orElseThrow(() -> KeelwatchException.notFound("Team '" + teamSlug + "'"));
        permissions.requireEdit(actor, team.id(), () -> KeelwatchException.notFound("Team '" + teamSlug + "'"));
        if (projects.insertIfAbsent(team.id(), slug, slug) == 1) {
            ProjectSummary created = queries.bySlug(slug, actor).orElseThrow();
            audit.record(AuditEntry.success(actor.username(), "project.created", "project", slug, team.id(),
                    Map.of("after", describe(created), "by", "upload")));
        }
    }

    @Transactional
    public ProjectSummary change(String slug, ProjectChange change, Viewer actor) {
        valid(change);
        Project project = editable(slug, actor);
        ProjectSummary before = queries.bySlug(slug, actor).orElseThrow();
        if (change.name() != null) {
            project.rename(change.name().strip());
        }
        if (change.tier() != null) {
            project.classify(Criticality.ofTier(change.tier()));
        }
        if (change.description() != null) {
            project.describe(blankToNull(change.description()));
        }
        if (change.owners() != null) {
            project.ownedBy(owners(change.owners(), access.team(before.team()).orElseThrow()));
        }
        projects.flush();
        ProjectSummary after = queries.bySlug(slug, actor).orElseThrow();
        if (!after.equals(before)) {
            audit.record(AuditEntry.success(actor.username(), "project.changed", "project", slug, project.teamId(),
                    Map.of("before", describe(before), "after", describe(after))));
        }
        return after;
    }

    /** Archives the project: it keeps its scans and findings, takes no new scan and leaves default lists and the dashboard. */
    @Transactional
    public ProjectSummary archive(String slug, Viewer actor) {
        return setArchived(slug, true, actor);
    }

    @Transactional
    public ProjectSummary unarchive(String slug, Viewer actor) {
        return setArchived(slug, false, actor);
    }

    public ProjectSummary project(String slug, Viewer viewer) {
        return queries.bySlug(slug, viewer).orElseThrow(() -> KeelwatchException.notFound("Project '" + slug + "'"));
    }

    /** Projects the caller sees, by name; {@code teamSlug} narrows them to one team the caller sees. */
    public Page<ProjectSummary> projects(String teamSlug, ProjectState state, PageRequest page, Viewer viewer) {
        Long teamId = null;
        if (teamSlug != null && !teamSlug.isBlank()) {
            teamId = access.team(teamSlug.strip()).filter(t -> viewer.canSee(t.id()))
                    .orElseThrow(() -> KeelwatchException.notFound("Team '" + teamSlug.strip() + "'")).id();
        }
        return queries.page(teamId, state == null ? ProjectState.active : state, page, viewer);
    }

    /** The teams the caller may create projects in (for the form's choice). */
    public List<TeamSummary> teamsForNewProjects(Viewer viewer) {
        return access.visibleTeams(viewer).stream().filter(t -> permissions.mayEdit(viewer, t.id())).toList();
    }

    /** Whether the caller may edit this project and its repository rules (pages offer the forms only then). */
    public boolean mayEdit(ProjectSummary project, Viewer viewer) {
        return access.team(project.team()).map(t -> permissions.mayEdit(viewer, t.id())).orElse(false);
    }

    private ProjectSummary setArchived(String slug, boolean archived, Viewer actor) {
        permissions.requireArchive(actor);
        Project project = projects.findBySlug(slug).filter(p -> actor.canSee(p.teamId()))
                .orElseThrow(() -> KeelwatchException.notFound("Project '" + slug + "'"));
        if (project.archived() != archived) {
            if (archived) {
                project.archive(OffsetDateTime.now());
            } else {
                project.unarchive();
            }
            projects.flush();
            audit.record(AuditEntry.success(actor.username(), archived ? "project.archived" : "project.unarchived", "project",
                    slug, project.teamId(), Map.of("after", Map.of("archived", archived))));
        }
        return queries.bySlug(slug, actor).orElseThrow();
    }

    /** A project the caller may edit, as its repository rules need it. */
    public record Editable(long id, String slug, long teamId) {
    }

    /** The project, if the caller may edit it (and its rules); missing (404) if they cannot see it, else 403. */
    public Editable requireEditable(String slug, Viewer actor) {
        Project project = editable(slug, actor);
        return new Editable(project.id(), project.slug(), project.teamId());
    }

    /** The project for a change, if the caller may edit it; missing (404) if they cannot see it. */
    private Project editable(String slug, Viewer actor) {
        Optional<Project> found = projects.findBySlug(slug);
        Project project = found.filter(p -> actor.canSee(p.teamId()))
                .orElseThrow(() -> KeelwatchException.notFound("Project '" + slug + "'"));
        permissions.requireEdit(actor, project.teamId(), () -> KeelwatchException.notFound("Project '" + slug + "'"));
        return project;
    }

    /** The accounts named as owners, each of whom must see the team (else they could not read the project). */
    private Set<Long> owners(List<String> usernames, TeamSummary team) {
        Map<String, Long> seeing = access.usersSeeingTeam(team.id()).stream()
                .collect(Collectors.toMap(u -> u.username().toLowerCase(Locale.ROOT), UserRef::id));
        Set<Long> ids = new LinkedHashSet<>();
        Set<String> unknown = new LinkedHashSet<>();
        for (String username : usernames) {
            Long id = seeing.get(username.strip().toLowerCase(Locale.ROOT));
            if (id == null) {
                unknown.add(username.strip());
            } else {
                ids.add(id);
            }
        }
        if (!unknown.isEmpty()) {
            throw new KeelwatchException(CommonProblem.INVALID_REQUEST, "Owners must be enabled accounts that see team '"
                    + team.slug() + "'; not: " + String.join(", ", unknown) + ".");
        }
        return ids;
    }

    private <T> void valid(T request) {
        Set<ConstraintViolation<T>> violations = validator.validate(request);
        if (!violations.isEmpty()) {
            throw new KeelwatchException(CommonProblem.INVALID_REQUEST, violations.stream()
                    .map(v -> v.getPropertyPath() + ": " + v.getMessage())
                    .sorted()
                    .collect(Collectors.joining("; ", "Invalid request: ", ".")));
        }
    }

    private static KeelwatchException taken(String slug, Throwable cause) {
        return new KeelwatchException(CommonProblem.CONFLICT, "A project '" + slug + "' already exists.", cause);
    }

    private static Map<String, Object> describe(ProjectSummary project) {
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("slug", project.slug());
        summary.put("name", project.name());
        summary.put("team", project.team());
        summary.put("tier", project.tier());
        summary.put("description", project.description());
        summary.put("owners", project.owners());
        return summary;
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
