package io.keelwatch.inventory.environments;

import java.util.List;
import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;

/** Environments for editing; what people read goes through {@link EnvironmentQueries}. */
interface EnvironmentRepository extends JpaRepository<Environment, Long> {

    Optional<Environment> findByName(String name);

    boolean existsByName(String name);

    List<Environment> findAllByOrderByRankAscNameAsc();

    /** The rank after the last environment's: a new environment is the most critical until reordered. */
    @Query("select coalesce(max(e.rank), -1) + 1 from Environment e")
    int nextRank();

    /**
     * Changes of the order take turns: each reads every rank and writes new ones, and the ranks are
     * unique. Readers are not blocked.
     */
    @Modifying
    @Query(value = "lock table environment in share row exclusive mode", nativeQuery = true)
    void lockOrder();
}
