package io.keelwatch.inventory;

import io.keelwatch.platform.ProblemKind;
import org.springframework.http.HttpStatus;

/** What can be wrong when a scanned artifact is filed under a project. */
public enum InventoryProblem implements ProblemKind {
    UNKNOWN_PROJECT("unknown-project", HttpStatus.UNPROCESSABLE_CONTENT, "No project for this artifact"),
    /** The project exists but is archived: it keeps its history and takes no new scan until unarchived. */
    PROJECT_ARCHIVED("project-archived", HttpStatus.CONFLICT, "Project archived");

    private final String slug;
    private final HttpStatus status;
    private final String title;

    InventoryProblem(String slug, HttpStatus status, String title) {
        this.slug = slug;
        this.status = status;
        this.title = title;
    }

    @Override
    public String slug() {
        return slug;
    }

    @Override
    public HttpStatus status() {
        return status;
    }

    @Override
    public String title() {
        return title;
    }
}
