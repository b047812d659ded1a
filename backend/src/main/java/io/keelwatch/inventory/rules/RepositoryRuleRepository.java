package io.keelwatch.inventory.rules;

import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;

/** Rules for adding and deleting; what people see of them goes through {@link RepositoryRuleQueries}. */
interface RepositoryRuleRepository extends JpaRepository<RepositoryRule, Long> {

    boolean existsByPattern(String pattern);

    Optional<RepositoryRule> findByIdAndProjectId(long id, long projectId);
}
