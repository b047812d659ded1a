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

/** One entry of an incident's timeline (append-only: the table refuses updates and deletes). */
@Entity
@Table(name = "incident_event")
class IncidentEvent {

    /** What an entry records; the table's check constraint lists the same. */
    enum Kind { created, note, status, owner, alerts_added, alerts_removed }

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "incident_id", nullable = false)
    private long incidentId;

    @Column(name = "occurred_at", nullable = false)
    private Instant occurredAt;

    @Column(nullable = false)
    private String actor;

    @Column(nullable = false)
    @Enumerated(EnumType.STRING)
    private Kind kind;

    @Column(name = "from_value")
    private String fromValue;

    @Column(name = "to_value")
    private String toValue;

    private String body;

    protected IncidentEvent() {
    }

    IncidentEvent(long incidentId, Instant occurredAt, String actor, Kind kind, String fromValue, String toValue, String body) {
        this.incidentId = incidentId;
        this.occurredAt = occurredAt;
        this.actor = actor;
        this.kind = kind;
        this.fromValue = fromValue;
        this.toValue = toValue;
        this.body = body;
    }
}
