package io.keelwatch.runtime.incidents;

import org.springframework.data.jpa.repository.JpaRepository;

/** Appends timeline entries; reading them goes through {@link IncidentQueries}. */
interface IncidentEventRepository extends JpaRepository<IncidentEvent, Long> {
}
