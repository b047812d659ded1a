package io.keelwatch.inventory;

import io.keelwatch.platform.CommonProblem;
import io.keelwatch.platform.KeelwatchException;

/**
 * The project an upload names, if any, and whether to create it first.
 *
 * @param project    slug of the project; empty to file the upload where a repository rule maps its image
 * @param team       slug of the team a project created by the upload belongs to
 * @param autoCreate create {@code project} in {@code team} when it does not exist yet (the caller must be
 *                   allowed to create projects there)
 */
public record UploadTarget(String project, String team, boolean autoCreate) {

    public UploadTarget {
        project = project == null || project.isBlank() ? null : project.strip();
        team = team == null || team.isBlank() ? null : team.strip();
        if (autoCreate && (project == null || team == null)) {
            throw new KeelwatchException(CommonProblem.INVALID_REQUEST,
                    "autoCreate needs the project's slug (project=) and the team to create it in (team=).");
        }
        if (autoCreate && !ProjectSlugs.valid(project)) {
            throw new KeelwatchException(CommonProblem.INVALID_REQUEST,
                    "A project's slug is " + ProjectSlugs.RULE + ": '" + project + "' is not.");
        }
    }

    /** The project named (or none), never created. */
    public static UploadTarget named(String project) {
        return new UploadTarget(project, null, false);
    }
}
