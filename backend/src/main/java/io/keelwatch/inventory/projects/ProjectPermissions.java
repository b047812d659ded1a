package io.keelwatch.inventory.projects;

import io.keelwatch.access.Scope;
import io.keelwatch.access.Viewer;
import io.keelwatch.inventory.InventorySettings;
import io.keelwatch.platform.CommonProblem;
import io.keelwatch.platform.KeelwatchException;
import java.util.function.Supplier;
import org.springframework.stereotype.Component;

/**
 * Who may manage which team's projects and repository rules: leads and admins every team's (that
 * they see: a token may be limited to one), developers their own team's while
 * {@code keelwatch.inventory.developers-create-projects} allows; tokens need {@code projects:write}.
 * A team (or project) the caller cannot see is missing (404), never forbidden.
 */
@Component
public class ProjectPermissions {

    private final InventorySettings settings;

    ProjectPermissions(InventorySettings settings) {
        this.settings = settings;
    }

    /** Whether the caller may create and edit projects (and their rules) of this team; pages ask it to offer forms. */
    public boolean mayEdit(Viewer viewer, long teamId) {
        return viewer.canWriteTo(teamId, Scope.PROJECTS_WRITE) && (viewer.role().managesEveryProject() || settings.developersCreateProjects());
    }

    /**
     * Refuses a caller who may not create or edit projects of this team: 403 for what the role or token
     * may not do, {@code missing} (a 404) for a team the caller does not see.
     */
    public void requireEdit(Viewer viewer, long teamId, Supplier<KeelwatchException> missing) {
        if (!viewer.mayManageProjects()) {
            throw new KeelwatchException(CommonProblem.FORBIDDEN, "Your role (or token's scopes) may not manage projects; "
                    + "tokens need the projects:write scope.");
        }
        if (!viewer.canSee(teamId)) {
            throw missing.get();
        }
        if (!mayEdit(viewer, teamId)) {
            throw new KeelwatchException(CommonProblem.FORBIDDEN, "Only security leads and admins create and edit projects "
                    + "on this installation (keelwatch.inventory.developers-create-projects is off).");
        }
    }

    /** Refuses a caller who may not archive or unarchive projects: only leads and admins may. */
    public void requireArchive(Viewer viewer) {
        if (!viewer.mayArchiveProjects()) {
            throw new KeelwatchException(CommonProblem.FORBIDDEN, "Only security leads and admins archive and unarchive "
                    + "projects; their tokens need the projects:write scope.");
        }
    }
}
