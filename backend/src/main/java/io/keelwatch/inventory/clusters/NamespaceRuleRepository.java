package io.keelwatch.inventory.clusters;

import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;

/** Namespace rules for adding and deleting; lists and owner lookups go through {@link NamespaceRuleQueries}. */
interface NamespaceRuleRepository extends JpaRepository<NamespaceRule, Long> {

    Optional<NamespaceRule> findByIdAndClusterId(long id, long clusterId);

    long countByClusterId(long clusterId);
}
