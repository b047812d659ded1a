package io.keelwatch.demo;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The evaluation's data is Keelwatch's doing: the audit log credits the demo's imports (and its
 * clusters) to the {@code system} account, which no one signs in as, never to the demo lead.
 */
@SpringBootTest(properties = "keelwatch.demo.enabled=true")
@AutoConfigureMockMvc
class DemoImportsAreCreditedToTheSystemIT {

    @Autowired
    JdbcClient jdbc;

    @Test
    void theDemosImportsAreAuditedAsTheSystem() {
        assertThat(jdbc.sql("select distinct actor from audit_event where action = 'scan.imported'").query(String.class).list())
                .containsExactly("system");
        assertThat(jdbc.sql("select distinct actor from audit_event where action like 'cluster.%' or action like 'environment.%'")
                .query(String.class).list()).doesNotContain("lead");
        assertThat(jdbc.sql("select password_hash is null from app_user where username = 'system'").query(Boolean.class).single())
                .as("nobody signs in as the system").isTrue();
    }
}
