package io.keelwatch.runtime.incidents;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * An incident as people work it: status (with the first time it reached each stage), owner, severity. Its alerts
 * ({@link IncidentAlerts}) and timeline ({@link IncidentEvent}) are written beside it; reads go through
 * {@link IncidentQueries}.
 */
@Entity
@Table(name = "incident")
class Incident {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "cluster_id", nullable = false, updatable = false)
    private long clusterId;

    @Column(name = "team_id", updatable = false)
    private Long teamId;

    @Column(nullable = false)
    private String title;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private IncidentSeverity severity;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private IncidentStatus status;

    private String owner;

    @Column(name = "created_by", nullable = false, updatable = false)
    private String createdBy;

    @Column(name = "created_at", nullable = false, updatable = false)
    private Instant createdAt;

    @Column(name = "acknowledged_at")
    private Instant acknowledgedAt;

    @Column(name = "contained_at")
    private Instant containedAt;

    @Column(name = "resolved_at")
    private Instant resolvedAt;

    protected Incident() {
    }

    Incident(long clusterId, Long teamId, String title, IncidentSeverity severity, String createdBy, Instant createdAt) {
        this.clusterId = clusterId;
        this.teamId = teamId;
        this.title = title;
        this.severity = severity;
        this.status = IncidentStatus.open;
        this.createdBy = createdBy;
        this.createdAt = createdAt;
    }

    Long id() {
        return id;
    }

    long clusterId() {
        return clusterId;
    }

    Long teamId() {
        return teamId;
    }

    IncidentStatus status() {
        return status;
    }

    String owner() {
        return owner;
    }

    /**
     * Moves to {@code next} (the caller checked {@link IncidentStatus#next()}), stamping the first acknowledgement and
     * containment; closing without containment counts as contained then, reopening clears only the close.
     */
    void moveTo(IncidentStatus next, Instant at) {
        status = next;
        if (next != IncidentStatus.open && acknowledgedAt == null) {
            acknowledgedAt = at;
        }
        if ((next == IncidentStatus.contained || next == IncidentStatus.resolved) && containedAt == null) {
            containedAt = at;
        }
        resolvedAt = next.active() ? null : at;
    }

    void assignTo(String username) {
        owner = username;
    }
}
