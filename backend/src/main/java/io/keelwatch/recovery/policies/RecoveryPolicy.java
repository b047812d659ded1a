package io.keelwatch.recovery.policies;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A recovery policy for a cluster, a namespace of a cluster or a project; reads go through {@link PolicyQueries}. */
@Entity
@Table(name = "recovery_policy")
class RecoveryPolicy {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "cluster_id", updatable = false)
    private Long clusterId;

    @Column(updatable = false)
    private String namespace;

    @Column(name = "project_id", updatable = false)
    private Long projectId;

    @Column(name = "team_id")
    private Long teamId;

    @Column(name = "rpo_minutes", nullable = false)
    private int rpoMinutes;

    @Column(name = "rto_minutes", nullable = false)
    private int rtoMinutes;

    @Column(name = "schedule_name")
    private String scheduleName;

    @Column(name = "min_ttl_minutes")
    private Integer minTtlMinutes;

    @Column(name = "restore_test_days", nullable = false)
    private int restoreTestDays;

    @Column(name = "created_by", nullable = false, updatable = false)
    private String createdBy;

    @Column(name = "created_at", nullable = false, updatable = false)
    private Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    protected RecoveryPolicy() {
    }

    RecoveryPolicy(Long clusterId, String namespace, Long projectId, Long teamId, String createdBy, Instant now) {
        this.clusterId = clusterId;
        this.namespace = namespace;
        this.projectId = projectId;
        this.teamId = teamId;
        this.createdBy = createdBy;
        this.createdAt = now;
        this.updatedAt = now;
    }

    void set(PolicyTerms terms, Long teamId, Instant now) {
        this.rpoMinutes = terms.rpoMinutes();
        this.rtoMinutes = terms.rtoMinutes();
        this.scheduleName = terms.schedule();
        this.minTtlMinutes = terms.minTtlMinutes();
        this.restoreTestDays = terms.restoreTestDays();
        this.teamId = teamId;
        this.updatedAt = now;
    }

    Long id() {
        return id;
    }

    Long teamId() {
        return teamId;
    }

    PolicyTerms terms() {
        return new PolicyTerms(rpoMinutes, rtoMinutes, scheduleName, minTtlMinutes, restoreTestDays);
    }

    String scope() {
        return projectId != null ? "project " + projectId : namespace != null ? "namespace " + clusterId + "/" + namespace
                : "cluster " + clusterId;
    }
}
