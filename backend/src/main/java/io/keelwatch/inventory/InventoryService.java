package io.keelwatch.inventory;

import io.keelwatch.access.Viewer;
import io.keelwatch.platform.CommonProblem;
import io.keelwatch.platform.KeelwatchException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Projects, repository mapping and image registration. */
@Service
public class InventoryService {

    private final Projects projects;
    private final Images images;

    InventoryService(Projects projects, Images images) {
        this.projects = projects;
        this.images = images;
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
}
