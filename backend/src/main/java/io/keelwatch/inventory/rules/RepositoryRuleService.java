package io.keelwatch.inventory.rules;

import io.keelwatch.access.Viewer;
import io.keelwatch.audit.AuditEntry;
import io.keelwatch.audit.AuditLog;
import io.keelwatch.inventory.projects.ProjectService;
import io.keelwatch.platform.CommonProblem;
import io.keelwatch.platform.KeelwatchException;
import java.util.List;
import java.util.Map;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Adding and deleting repository rules (by those who may edit the project, audited), listing a
 * project's rules and previewing which project an upload of a repository would go to.
 */
@Service
public class RepositoryRuleService {

    /** Longer than any image reference a registry accepts; a preview of more is refused. */
    static final int MAX_REPOSITORY_LENGTH = 1000;

    private final RepositoryRuleRepository rules;
    private final RepositoryRuleQueries queries;
    private final ProjectService projects;
    private final AuditLog audit;

    RepositoryRuleService(RepositoryRuleRepository rules, RepositoryRuleQueries queries, ProjectService projects, AuditLog audit) {
        this.rules = rules;
        this.queries = queries;
        this.projects = projects;
        this.audit = audit;
    }

    /**
     * Adds a rule to the project. A pattern another rule already has is a conflict naming that rule's
     * project (if the caller may see it: a pattern is unique across the installation).
     */
    @Transactional
    public RepositoryRuleSummary add(String projectSlug, String pattern, Viewer actor) {
        ProjectService.Editable project = projects.requireEditable(projectSlug, actor);
        String glob = RepositoryGlobs.checked(pattern);
        if (rules.existsByPattern(glob)) {
            throw taken(glob, queries.visibleProjectWith(glob, actor).map(slug -> "project '" + slug + "'")
                    .orElse("a project of another team"), null);
        }
        RepositoryRule rule = new RepositoryRule(project.id(), glob, actor.username());
        try {
            rules.saveAndFlush(rule);
        } catch (DataIntegrityViolationException e) {
            // added meanwhile by someone else; this transaction can ask nothing more
            throw taken(glob, "another project", e);
        }
        audit.record(AuditEntry.success(actor.username(), "repository-rule.added", "repository_rule", rule.id(), project.teamId(),
                Map.of("project", project.slug(), "pattern", glob)));
        return queries.ofProject(project.slug(), actor).stream().filter(r -> r.id() == rule.id()).findFirst().orElseThrow();
    }

    @Transactional
    public void delete(String projectSlug, long ruleId, Viewer actor) {
        ProjectService.Editable project = projects.requireEditable(projectSlug, actor);
        RepositoryRule rule = rules.findByIdAndProjectId(ruleId, project.id())
                .orElseThrow(() -> KeelwatchException.notFound("Repository rule " + ruleId + " of project '" + projectSlug + "'"));
        rules.delete(rule);
        audit.record(AuditEntry.success(actor.username(), "repository-rule.deleted", "repository_rule", ruleId, project.teamId(),
                Map.of("project", project.slug(), "pattern", rule.pattern())));
    }

    /** A project's rules, most specific first; 404 for a project the caller does not see. */
    public List<RepositoryRuleSummary> rules(String projectSlug, Viewer viewer) {
        projects.project(projectSlug, viewer);
        return queries.ofProject(projectSlug, viewer);
    }

    /** Where an upload of the repository without {@code project} would go, as far as the caller may see. */
    public RepositoryMatch match(String repository, Viewer viewer) {
        String wanted = repository == null ? "" : repository.strip();
        if (wanted.isEmpty() || wanted.length() > MAX_REPOSITORY_LENGTH) {
            throw new KeelwatchException(CommonProblem.INVALID_REQUEST,
                    "Name an image repository of up to " + MAX_REPOSITORY_LENGTH + " characters, e.g. ghcr.io/acme/payments-api.");
        }
        return queries.match(wanted, viewer).orElse(new RepositoryMatch(wanted, null, null));
    }

    private static KeelwatchException taken(String glob, String owner, Throwable cause) {
        return new KeelwatchException(CommonProblem.CONFLICT, "The pattern '" + glob + "' is already a rule of " + owner
                + "; a pattern files repositories under one project only.", cause);
    }
}
