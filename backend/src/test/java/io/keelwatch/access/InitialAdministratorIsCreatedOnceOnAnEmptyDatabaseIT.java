package io.keelwatch.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.keelwatch.testsupport.KeelwatchIntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.MockMvc;

/**
 * {@code KEELWATCH_INITIAL_ADMIN_USERNAME} / {@code _PASSWORD} create a local admin on a database
 * nobody can sign in to yet, once; its own context and database start empty.
 */
@KeelwatchIntegrationTest
@TestPropertySource(properties = {"KEELWATCH_INITIAL_ADMIN_USERNAME=root",
        "KEELWATCH_INITIAL_ADMIN_PASSWORD=" + InitialAdministratorIsCreatedOnceOnAnEmptyDatabaseIT.PASSWORD})
class InitialAdministratorIsCreatedOnceOnAnEmptyDatabaseIT {

    static final String PASSWORD = "first-admin-password";

    @Autowired
    MockMvc mvc;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    AccessService access;

    @Test
    void theInitialAdministratorSignsInAndAdministers() throws Exception {
        mvc.perform(get("/api/v1/users").with(httpBasic("root", PASSWORD)))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.items[0].username").value("root"))
                .andExpect(jsonPath("$.items[0].role").value("ADMIN"));
        mvc.perform(get("/api/v1/users").with(httpBasic("root", "a-wrong-password"))).andExpect(status().isUnauthorized());
        assertThat(jdbc.sql("select count(*) from audit_event where action = 'user.created' and actor_type = 'system' and target_type = 'user'")
                .query(Long.class).single()).isOne();
    }

    @Test
    void onceAnyoneCanSignInItIsIgnored() {
        assertThat(access.createInitialAdministrator("second-root", "another-long-password")).isFalse();

        assertThat(access.user("second-root")).isEmpty();
        assertThat(jdbc.sql("select count(*) from app_user where role = 'ADMIN'").query(Long.class).single()).isOne();
    }
}
