package io.keelwatch.inventory;

import io.keelwatch.access.Viewer;
import io.keelwatch.inventory.clusters.ClusterService;
import io.keelwatch.inventory.clusters.NamespaceRuleService;
import io.keelwatch.inventory.clusters.NewCluster;
import io.keelwatch.inventory.clusters.NewNamespaceRule;
import io.keelwatch.inventory.environments.EnvironmentName;
import io.keelwatch.inventory.environments.EnvironmentService;
import io.keelwatch.inventory.projects.ProjectService;
import io.keelwatch.inventory.rules.RepositoryRuleService;
import io.keelwatch.inventory.workloads.WorkloadService;
import io.keelwatch.platform.CommonProblem;
import io.keelwatch.platform.KeelwatchException;
import java.io.InputStream;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.JsonNode;

/** Projects, repository mapping and image registration; environments, clusters and who owns their namespaces. */
@Service
public class InventoryService {

    private final Projects projects;
    private final Images images;
    private final EnvironmentService environments;
    private final ClusterService clusters;
    private final NamespaceRuleService namespaceRules;
    private final ProjectService projectService;
    private final RepositoryRuleService rules;
    private final WorkloadService workloads;

    InventoryService(Projects projects, Images images, EnvironmentService environments, ClusterService clusters,
            NamespaceRuleService namespaceRules, ProjectService projectService, RepositoryRuleService rules,
            WorkloadService workloads) {
        this.projects = projects;
        this.images = images;
        this.environments = environments;
        this.clusters = clusters;
        this.namespaceRules = namespaceRules;
        this.projectService = projectService;
        this.rules = rules;
        this.workloads = workloads;
    }

    /** Creates a project as the caller (checked and audited as over the API). */
    public ProjectSummary createProject(NewProject request, Viewer actor) {
        return projectService.create(request, actor);
    }

    /** Adds a repository rule to a project as the caller (checked and audited as over the API). */
    public void addRepositoryRule(String projectSlug, String pattern, Viewer actor) {
        rules.add(projectSlug, pattern, actor);
    }

    /** Creates a project without asking who for; seeds tests. */
    @Transactional
    public ProjectRef createProject(long teamId, String slug, String name, String criticality) {
        long id = projects.insert(teamId, slug, name, criticality);
        return projects.findById(id).orElseThrow();
    }

    /** Adds a repository rule without asking who for; seeds tests. */
    @Transactional
    public void addRepositoryRule(long projectId, String pattern) {
        projects.addRule(projectId, pattern);
    }

    /** The projects the caller sees that take scans (archived ones left out), by name: for choosing one. */
    public List<ProjectRef> visibleProjects(Viewer viewer) {
        return projects.visibleTo(viewer);
    }

    public Optional<ProjectRef> visibleProject(String slug, Viewer viewer) {
        return projects.findBySlug(slug).filter(p -> viewer.canSee(p.teamId()));
    }

    /**
     * The project an upload belongs to: the one named (created first when the upload asks for it and
     * the caller may create projects in its team), else the most specific repository rule's. A project
     * the caller cannot see is reported exactly like one that does not exist; an archived one takes no
     * scan. Joins the caller's transaction, so a project created here is gone if the import fails.
     */
    public ProjectRef projectForUpload(UploadTarget target, String repository, Viewer viewer) {
        ProjectRef project;
        if (target.project() != null) {
            if (target.autoCreate() && projects.findBySlug(target.project()).isEmpty()) {
                projectService.createForUpload(target.team(), target.project(), viewer);
            }
            project = visibleProject(target.project(), viewer)
                    .orElseThrow(() -> KeelwatchException.notFound("Project '" + target.project() + "'"));
        } else {
            project = projects.projectForRepository(repository)
                    .flatMap(projects::findById)
                    .filter(p -> viewer.canSee(p.teamId()))
                    .orElseThrow(() -> new KeelwatchException(InventoryProblem.UNKNOWN_PROJECT,
                            "No project maps repository '" + repository + "'; pass ?project=<slug> or add a repository rule."));
        }
        if (!viewer.canWriteTo(project.teamId())) {
            throw new KeelwatchException(CommonProblem.FORBIDDEN, "You may not upload scans to project '" + project.slug() + "'.");
        }
        if (projects.archived(project.id())) {
            throw new KeelwatchException(InventoryProblem.PROJECT_ARCHIVED, "Project '" + project.slug()
                    + "' is archived: it keeps its scans and findings but takes no new scan. Unarchive it first.");
        }
        return project;
    }

    /**
     * The project the most specific repository rule files the repository under, if the caller can see
     * it and it takes scans (an archived project is left out, so a cluster report skips its images).
     */
    public Optional<ProjectRef> mappedProject(String repository, Viewer viewer) {
        return projects.projectForRepository(repository)
                .flatMap(projects::findById)
                .filter(p -> viewer.canSee(p.teamId()))
                .filter(p -> !projects.archived(p.id()));
    }

    /** Registers (or refreshes) an image; joins the caller's transaction. */
    public ImageRef registerImage(ArtifactIdentity artifact, Instant seenAt) {
        return images.upsert(artifact, seenAt);
    }

    /**
     * Records that a scan of the image was made at {@code scannedAt} (the report's time, never later than
     * its import), which the drift of running containers is measured against; joins the caller's transaction.
     */
    public void recordScan(long imageId, Instant scannedAt) {
        images.scanned(imageId, scannedAt);
    }

    /**
     * Records what a document kubectl printed shows running in the cluster, as the caller (checked and
     * audited as over the API: a lead, an admin, their {@code inventory:write} tokens, the cluster's agent).
     */
    public WorkloadReport reportWorkloads(String cluster, String namespace, InputStream document, String contentType,
            Viewer actor) {
        return workloads.report(cluster, namespace, document, -1, contentType, null, actor);
    }

    /**
     * Records the workload an admission request lets into the cluster (the {@code request} of an AdmissionReview
     * v1) as about to run: its containers count where images run until a snapshot confirms or stops them. For
     * requests the webhook allowed (or warned about, or let through by break-glass), never denied ones or dry runs;
     * one read when the workload's containers are already recorded, else its writes in one transaction (the caller's,
     * if it has one).
     */
    public void recordAdmission(long clusterId, JsonNode admissionRequest) {
        workloads.admit(clusterId, admissionRequest);
    }

    /** Where the image runs now, in the workloads the caller may see (at most 100, most critical environment first). */
    public List<ImagePlacement> whereImageRuns(long imageId, Viewer viewer) {
        return workloads.placements(imageId, viewer);
    }

    /**
     * The image a namespace of a cluster runs now under {@code repository:tag}, when exactly one
     * digest does: how a report that names an image by tag only is filed under the image that runs.
     */
    public Optional<ImageRef> runningUnderTag(long clusterId, String namespace, String repository, String tag) {
        List<ImageRef> running = workloads.runningUnderTag(clusterId, namespace, repository, tag);
        return running.size() == 1 ? Optional.of(running.get(0)) : Optional.empty();
    }

    /** The environments the image runs in now, in the workloads the caller may see, most critical first. */
    public List<String> environmentsRunning(long imageId, Viewer viewer) {
        return workloads.environmentsRunning(imageId, viewer);
    }

    /** The images running in the environment now, in the workloads the caller may see. */
    public List<Long> imagesRunningIn(String environment, Viewer viewer) {
        return workloads.imagesRunningIn(environment, viewer);
    }

    /**
     * Where each of the images runs now in the environment, in the workloads the caller may see (one statement; at most
     * 10,000 containers), by image id.
     */
    public Map<Long, List<ImagePlacement>> whereImagesRun(Collection<Long> imageIds, String environment, Viewer viewer) {
        return workloads.placements(imageIds, environment, viewer);
    }

    /**
     * The images running now in the environments, per environment and the project owning the namespace, in the
     * workloads the caller may see; {@code project} (a slug) null for all: what signing checks against the policies
     * that require signatures there.
     */
    public List<EnvironmentImage> imagesRunningIn(Collection<String> environments, String project, Viewer viewer) {
        return workloads.runningIn(environments, project, viewer);
    }

    /** The namespaces of a cluster running a workload now, whoever asks: where evidence of the cluster is filed. */
    public List<String> runningNamespaces(long clusterId) {
        return workloads.namespaces(clusterId);
    }

    /**
     * What a namespace ran at {@code at}, in the workloads the caller may see, and since when Keelwatch has watched
     * it (before that, what ran there is not known): which images a backup taken then would bring back.
     */
    public NamespaceImages imagesRunningAt(long clusterId, String namespace, Instant at, Viewer viewer) {
        return workloads.runningAt(clusterId, namespace, at, viewer);
    }

    /** Every cluster's name, for pickers. */
    public List<String> clusterNames() {
        return clusters.names();
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
     * A cluster by id as read at most a few seconds ago (5 s), for endpoints a cluster's agents call many times a
     * second (admission, Falco): a cluster renamed, moved to another environment or deleted on another replica is seen
     * within that long, on this one at once. One not found is asked for again each time.
     */
    public Optional<ClusterSummary> recentCluster(long id) {
        return clusters.findRecent(id);
    }

    /** {@link #recentCluster(long)} by name. */
    public Optional<ClusterSummary> recentCluster(String name) {
        return clusters.findRecent(name);
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

    /**
     * The owner of a namespace as SQL: a subquery with columns {@code project_id} and {@code team_id} (no row: no rule maps
     * it, or it is empty) for the cluster id in column {@code cluster} and the namespace name in column {@code namespace}
     * of the caller's statement. For statements that file many rows under their namespaces' owners as they write them
     * (runtime's alert fold), so the rules stay inventory's and cost no round trip of their own.
     */
    public String namespaceOwnerSql(String cluster, String namespace) {
        return namespaceRules.ownerSql(cluster, namespace);
    }

    /** {@link #namespaceOwner} of many namespaces in one statement; the namespaces no rule maps are left out. */
    public Map<String, NamespaceOwner> namespaceOwners(long clusterId, Collection<String> namespaces) {
        return namespaceRules.owners(clusterId, namespaces);
    }

    /** The clusters where a namespace rule gives the caller's teams namespaces, by name. */
    public List<String> clustersWithNamespacesOf(Viewer viewer) {
        return namespaceRules.clustersWithNamespacesOf(viewer);
    }

    /**
     * The teams some namespace rule of the cluster gives namespaces to: the teams that own part of
     * what runs there (and may file their own namespaces' evidence), whoever asks.
     */
    public Set<Long> namespaceOwnerTeams(long clusterId) {
        return namespaceRules.ownerTeams(clusterId);
    }
}
