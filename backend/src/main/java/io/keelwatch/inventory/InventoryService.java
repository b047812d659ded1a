package io.keelwatch.inventory;

import io.keelwatch.access.Viewer;
import io.keelwatch.inventory.clusters.ClusterService;
import io.keelwatch.inventory.clusters.NamespaceRuleService;
import io.keelwatch.inventory.clusters.NewCluster;
import io.keelwatch.inventory.clusters.NewNamespaceRule;
import io.keelwatch.inventory.environments.EnvironmentName;
import io.keelwatch.inventory.environments.EnvironmentService;
import io.keelwatch.platform.CommonProblem;
import io.keelwatch.platform.KeelwatchException;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Projects, repository mapping and image registration; environments, clusters and who owns their namespaces. */
@Service
public class InventoryService {

    private final Projects projects;
    private final Images images;
    private final EnvironmentService environments;
    private final ClusterService clusters;
    private final NamespaceRuleService namespaceRules;

    InventoryService(Projects projects, Images images, EnvironmentService environments, ClusterService clusters,
            NamespaceRuleService namespaceRules) {
        this.projects = projects;
        this.images = images;
        this.environments = environments;
        this.clusters = clusters;
        this.namespaceRules = namespaceRules;
    }

    @Transactional
    public ProjectRef createProject(long teamId, String slug, String name, String criticality) {
        long id = projects.insert(teamId, slug, name, criticality);
        return projects.findById(id).orElseThrow();
    }

    @Transactional
    public void addRepositoryRule(long projectId, String pattern) {
        projects.addRule(projectId, pattern);
    }

    public List<ProjectRef> visibleProjects(Viewer viewer) {
        return projects.visibleTo(viewer);
    }

    public Optional<ProjectRef> visibleProject(String slug, Viewer viewer) {
        return projects.findBySlug(slug).filter(p -> viewer.canSee(p.teamId()));
    }

    /**
     * The project an upload belongs to: the one named, else the most specific repository rule.
     * A project the caller cannot see is reported exactly like one that does not exist.
     */
    public ProjectRef projectForUpload(String slug, String repository, Viewer viewer) {
        ProjectRef project;
        if (slug != null && !slug.isBlank()) {
            project = visibleProject(slug, viewer).orElseThrow(() -> KeelwatchException.notFound("Project '" + slug + "'"));
        } else {
            project = mappedProject(repository, viewer)
                    .orElseThrow(() -> new KeelwatchException(InventoryProblem.UNKNOWN_PROJECT,
                            "No project maps repository '" + repository + "'; pass ?project=<slug> or add a repository rule."));
        }
        if (!viewer.canWriteTo(project.teamId())) {
            throw new KeelwatchException(CommonProblem.FORBIDDEN, "You may not upload scans to project '" + project.slug() + "'.");
        }
        return project;
    }

    /** The project the most specific repository rule files the repository under, if the caller can see it. */
    public Optional<ProjectRef> mappedProject(String repository, Viewer viewer) {
        return projects.projectForRepository(repository)
                .flatMap(projects::findById)
                .filter(p -> viewer.canSee(p.teamId()));
    }

    /** Registers (or refreshes) an image; joins the caller's transaction. */
    public ImageRef registerImage(ArtifactIdentity artifact, Instant seenAt) {
        return images.upsert(artifact, seenAt);
    }

    /** Creates an environment, placed last (most critical), as the caller (a lead or an admin; audited). */
    public EnvironmentSummary createEnvironment(String name, Viewer actor) {
        return environments.create(new EnvironmentName(name), actor);
    }

    /** Every environment, from least to most critical. */
    public List<EnvironmentSummary> environments() {
        return environments.environments();
    }

    /** Creates a cluster as the caller (a lead or an admin; audited). */
    public ClusterSummary createCluster(String name, String environment, String description, Viewer actor) {
        return clusters.create(new NewCluster(name, environment, description), actor);
    }

    /** A cluster by name; clusters are everyone's to read (what runs in them is not: {@link #namespaceOwner}). */
    public Optional<ClusterSummary> cluster(String name) {
        return clusters.find(name);
    }

    public Optional<ClusterSummary> cluster(long id) {
        return clusters.find(id);
    }

    /**
     * Gives the namespaces {@code pattern} matches in the cluster to the project, as the caller (a lead or
     * an admin; audited); the new rule's id.
     */
    public long addNamespaceRule(String cluster, String pattern, String project, Viewer actor) {
        return namespaceRules.add(cluster, new NewNamespaceRule(pattern, project), actor).id();
    }

    /**
     * Which project (and team) owns a namespace of a cluster: that of the most specific namespace rule
     * matching it, whoever asks. Empty: no rule maps it, and what is found there belongs to the
     * cluster's owners — shown to leads, auditors and admins, never to a team, never dropped.
     */
    public Optional<NamespaceOwner> namespaceOwner(long clusterId, String namespace) {
        return namespaceRules.owner(clusterId, namespace);
    }

    /** {@link #namespaceOwner} of many namespaces in one statement; the namespaces no rule maps are left out. */
    public Map<String, NamespaceOwner> namespaceOwners(long clusterId, Collection<String> namespaces) {
        return namespaceRules.owners(clusterId, namespaces);
    }
}
