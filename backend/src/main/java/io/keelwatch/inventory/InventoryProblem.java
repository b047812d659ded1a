package io.keelwatch.inventory;

import io.keelwatch.platform.ProblemKind;
import org.springframework.http.HttpStatus;

/** What can be wrong when a scanned artifact is filed under a project, or when clusters and their environments change. */
public enum InventoryProblem implements ProblemKind {
    UNKNOWN_PROJECT("unknown-project", HttpStatus.UNPROCESSABLE_CONTENT, "No project for this artifact"),
    /** An environment is deleted only when no cluster runs in it. */
    ENVIRONMENT_IN_USE("environment-in-use", HttpStatus.CONFLICT, "Environment has clusters"),
    /** A cluster is deleted only when it has no namespace rules and no active token. */
    CLUSTER_IN_USE("cluster-in-use", HttpStatus.CONFLICT, "Cluster in use"),
    /** A cluster maps a pattern to one project only. */
    NAMESPACE_RULE_CONFLICT("namespace-rule-conflict", HttpStatus.CONFLICT, "Namespace pattern already mapped"),
    /** The project exists but is archived: it keeps its history and takes no new scan until unarchived. */
    PROJECT_ARCHIVED("project-archived", HttpStatus.CONFLICT, "Project archived"),
    /** A workload document holds items, but none of a kind that runs containers (a Service list, objects without kind). */
    NO_WORKLOADS("no-workloads", HttpStatus.UNPROCESSABLE_CONTENT, "No workloads in the document");

    private final Definition definition;

    InventoryProblem(String slug, HttpStatus status, String title) {
        this.definition = new Definition(slug, status, title);
    }

    @Override
    public Definition definition() {
        return definition;
    }
}
