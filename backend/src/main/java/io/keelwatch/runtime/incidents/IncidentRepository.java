package io.keelwatch.runtime.incidents;

import jakarta.persistence.LockModeType;
import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Query;

/** Incidents for changing; what people read goes through {@link IncidentQueries}. */
interface IncidentRepository extends JpaRepository<Incident, Long> {

    /** The incident, locked while one change is checked and written, so two changes of its status take turns. */
    @Lock(LockModeType.PESSIMISTIC_WRITE)
    @Query("select i from Incident i where i.id = :id")
    Optional<Incident> lock(long id);
}
