package io.keelwatch.signing.gate;

import java.util.List;
import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;

/** Gate policies for editing and listing. */
interface GatePolicyRepository extends JpaRepository<GatePolicy, Long> {

    Optional<GatePolicy> findByName(String name);

    boolean existsByName(String name);

    List<GatePolicy> findAllByOrderByNameAsc();
}
