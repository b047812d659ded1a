package io.keelwatch.inventory.clusters;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A glob giving a cluster's namespaces to a project; added and deleted, never edited. */
@Entity
@Table(name = "namespace_rule")
class NamespaceRule {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "cluster_id", nullable = false, updatable = false)
    private long clusterId;

    @Column(nullable = false, updatable = false)
    private String pattern;

    @Column(name = "project_id", nullable = false, updatable = false)
    private long projectId;

    @Column(name = "created_by", nullable = false, updatable = false)
    private String createdBy;

    protected NamespaceRule() {
    }

    NamespaceRule(long clusterId, String pattern, long projectId, String createdBy) {
        this.clusterId = clusterId;
        this.pattern = pattern;
        this.projectId = projectId;
        this.createdBy = createdBy;
    }

    Long id() {
        return id;
    }

    String pattern() {
        return pattern;
    }

    long projectId() {
        return projectId;
    }
}
