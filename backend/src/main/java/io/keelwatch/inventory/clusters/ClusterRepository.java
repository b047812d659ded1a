package io.keelwatch.inventory.clusters;

import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

/** Clusters for editing; what people read goes through {@link ClusterQueries}. */
interface ClusterRepository extends JpaRepository<Cluster, Long> {

    Optional<Cluster> findByName(String name);

    boolean existsByName(String name);

    /**
     * The cluster, locked against rules and tokens being added to it (their foreign keys wait for the
     * lock) while a delete checks that it is empty. {@code for update}, since a weaker row lock would
     * let them through.
     */
    @Query(value = "select * from cluster where name = :name for update", nativeQuery = true)
    Optional<Cluster> lockByName(String name);
}
