package io.keelwatch.recovery;

import io.keelwatch.platform.ProblemKind;
import org.springframework.http.HttpStatus;

/** What can be wrong with what a cluster posts about its backups, or with a recovery policy. */
public enum RecoveryProblem implements ProblemKind {
    /** The document is well-formed but holds no Backup, Restore, Schedule or BackupStorageLocation of velero.io/v1. */
    NO_VELERO_OBJECTS("no-velero-objects", HttpStatus.UNPROCESSABLE_CONTENT, "No Velero objects in the document");

    private final Definition definition;

    RecoveryProblem(String slug, HttpStatus status, String title) {
        this.definition = new Definition(slug, status, title);
    }

    @Override
    public Definition definition() {
        return definition;
    }
}
