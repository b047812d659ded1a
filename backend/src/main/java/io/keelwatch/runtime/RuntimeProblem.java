package io.keelwatch.runtime;

import io.keelwatch.platform.ProblemKind;
import org.springframework.http.HttpStatus;

/** What can be wrong with posted Falco events, or with the server taking them. */
public enum RuntimeProblem implements ProblemKind {
    /** An event lacks what Falco always sends, or holds what no Falco writes; nothing of the request is stored. */
    INVALID_EVENT("invalid-falco-event", HttpStatus.BAD_REQUEST, "Invalid Falco event"),
    /** No cluster to file the events under: the token is bound to none and {@code ?cluster=} names none. */
    CLUSTER_REQUIRED("cluster-required", HttpStatus.BAD_REQUEST, "Cluster required"),
    /** The writer's queue is full or the commit did not come in time: nothing was promised, send again. */
    OVERLOADED("ingest-overloaded", HttpStatus.SERVICE_UNAVAILABLE, "Ingest overloaded");

    private final Definition definition;

    RuntimeProblem(String slug, HttpStatus status, String title) {
        this.definition = new Definition(slug, status, title);
    }

    @Override
    public Definition definition() {
        return definition;
    }
}
