package io.keelwatch.inventory.rules;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A glob filing image repositories under a project; added and deleted, never edited. */
@Entity
@Table(name = "repository_rule")
class RepositoryRule {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "project_id", nullable = false, updatable = false)
    private long projectId;

    @Column(nullable = false, updatable = false)
    private String pattern;

    @Column(name = "created_by", updatable = false)
    private String createdBy;

    protected RepositoryRule() {
    }

    RepositoryRule(long projectId, String pattern, String createdBy) {
        this.projectId = projectId;
        this.pattern = pattern;
        this.createdBy = createdBy;
    }

    Long id() {
        return id;
    }

    String pattern() {
        return pattern;
    }
}
