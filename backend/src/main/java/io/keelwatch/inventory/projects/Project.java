package io.keelwatch.inventory.projects;

import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import java.util.HashSet;
import java.util.Set;

/**
 * The project aggregate as people edit it: its texts, tier, owners and archive state. Its team and
 * slug never change. Reads for the API and pages go through {@link ProjectQueries}, which returns records.
 */
@Entity
@Table(name = "project")
class Project {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "team_id", nullable = false, updatable = false)
    private long teamId;

    @Column(nullable = false, updatable = false)
    private String slug;

    @Column(nullable = false)
    private String name;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private Criticality criticality;

    private String description;

    @Column(name = "archived_at")
    private OffsetDateTime archivedAt;

    /** Owners are accounts of the access module: kept here by id only. */
    @ElementCollection
    @CollectionTable(name = "project_owner", joinColumns = @JoinColumn(name = "project_id"))
    @Column(name = "user_id")
    private Set<Long> ownerIds = new HashSet<>();

    protected Project() {
    }

    Project(long teamId, String slug, String name, Criticality criticality, String description, Set<Long> ownerIds) {
        this.teamId = teamId;
        this.slug = slug;
        this.name = name;
        this.criticality = criticality;
        this.description = description;
        this.ownerIds = new HashSet<>(ownerIds);
    }

    Long id() {
        return id;
    }

    long teamId() {
        return teamId;
    }

    String slug() {
        return slug;
    }

    String name() {
        return name;
    }

    Criticality criticality() {
        return criticality;
    }

    String description() {
        return description;
    }

    Set<Long> ownerIds() {
        return Set.copyOf(ownerIds);
    }

    boolean archived() {
        return archivedAt != null;
    }

    void rename(String name) {
        this.name = name;
    }

    void classify(Criticality criticality) {
        this.criticality = criticality;
    }

    void describe(String description) {
        this.description = description;
    }

    void ownedBy(Set<Long> ownerIds) {
        this.ownerIds.clear();
        this.ownerIds.addAll(ownerIds);
    }

    void archive(OffsetDateTime at) {
        this.archivedAt = at;
    }

    void unarchive() {
        this.archivedAt = null;
    }
}
