package io.keelwatch.inventory.clusters;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A cluster as people edit it: name, environment, description. Reads go through {@link ClusterQueries}. */
@Entity
@Table(name = "cluster")
class Cluster {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "environment_id", nullable = false)
    private long environmentId;

    @Column(nullable = false)
    private String name;

    private String description;

    protected Cluster() {
    }

    Cluster(String name, long environmentId, String description) {
        this.name = name;
        this.environmentId = environmentId;
        this.description = description;
    }

    Long id() {
        return id;
    }

    String name() {
        return name;
    }

    void rename(String name) {
        this.name = name;
    }

    void moveTo(long environmentId) {
        this.environmentId = environmentId;
    }

    void describe(String description) {
        this.description = description;
    }
}
