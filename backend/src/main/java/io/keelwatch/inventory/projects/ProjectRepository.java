package io.keelwatch.inventory.projects;

import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

/** Projects for editing; lists and reads that people see go through {@link ProjectQueries} and {@code TeamScope}. */
interface ProjectRepository extends JpaRepository<Project, Long> {

    Optional<Project> findBySlug(String slug);

    boolean existsBySlug(String slug);

    /**
     * Creates a project with the defaults unless its slug exists: a concurrent creator's row is waited
     * for (the unique index), so racing uploads end with one project instead of a failed transaction.
     * Answers 1 when this call created it.
     */
    @Modifying
    @Query(value = "insert into project (team_id, slug, name) values (:team, :slug, :name) on conflict (slug) do nothing",
            nativeQuery = true)
    int insertIfAbsent(@Param("team") long teamId, @Param("slug") String slug, @Param("name") String name);
}
