package io.keelwatch.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.keelwatch.testsupport.KeelwatchIntegrationTest;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The database itself refuses to change or remove audit events, whatever the application does. */
@KeelwatchIntegrationTest
class AuditLogIsAppendOnlyIT {

    @Autowired
    AuditLog audit;
    @Autowired
    JdbcClient jdbc;

    @Test
    void updateAndDeleteOfAnAuditEventFail() {
        audit.record(new AuditEntry("append-only-test", AuditEntry.ActorType.system, "test.recorded", "test", "1", null,
                AuditEntry.Outcome.success, Map.of()));
        long id = jdbc.sql("select max(id) from audit_event where actor = 'append-only-test'").query(Long.class).single();

        assertThatThrownBy(() -> jdbc.sql("update audit_event set actor = 'someone-else' where id = :id").param("id", id).update())
                .isInstanceOf(DataAccessException.class)
                .rootCause().hasMessageContaining("audit_event is append-only");
        assertThatThrownBy(() -> jdbc.sql("delete from audit_event where id = :id").param("id", id).update())
                .isInstanceOf(DataAccessException.class)
                .rootCause().hasMessageContaining("audit_event is append-only");
        assertThat(jdbc.sql("select actor from audit_event where id = :id").param("id", id).query(String.class).single())
                .isEqualTo("append-only-test");
    }
}
