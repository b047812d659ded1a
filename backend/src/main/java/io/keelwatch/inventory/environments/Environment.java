package io.keelwatch.inventory.environments;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** An environment as people edit it: its name and its place in the order. Reads go through {@link EnvironmentQueries}. */
@Entity
@Table(name = "environment")
class Environment {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(nullable = false)
    private String name;

    @Column(nullable = false)
    private int rank;

    protected Environment() {
    }

    Environment(String name, int rank) {
        this.name = name;
        this.rank = rank;
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

    void placeAt(int rank) {
        this.rank = rank;
    }
}
