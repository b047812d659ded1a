package io.keelwatch.recovery.policies;

import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

/** Policies for changing; what people read goes through {@link PolicyQueries}. */
interface RecoveryPolicyRepository extends JpaRepository<RecoveryPolicy, Long> {

    @Query("select p from RecoveryPolicy p where p.clusterId = :clusterId and p.namespace is null and p.projectId is null")
    Optional<RecoveryPolicy> forCluster(long clusterId);

    @Query("select p from RecoveryPolicy p where p.clusterId = :clusterId and p.namespace = :namespace")
    Optional<RecoveryPolicy> forNamespace(long clusterId, String namespace);

    @Query("select p from RecoveryPolicy p where p.projectId = :projectId")
    Optional<RecoveryPolicy> forProject(long projectId);
}
