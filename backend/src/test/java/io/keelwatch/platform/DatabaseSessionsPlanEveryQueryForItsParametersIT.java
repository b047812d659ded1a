package io.keelwatch.platform;

import static org.assertj.core.api.Assertions.assertThat;

import io.keelwatch.testsupport.KeelwatchIntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A developer's filtered findings list went from 10 ms to 350 ms once PostgreSQL switched the
 * repeated statement to a generic plan; every pooled connection must plan each run for its own
 * parameters.
 */
@KeelwatchIntegrationTest
class DatabaseSessionsPlanEveryQueryForItsParametersIT {

    @Autowired
    JdbcClient jdbc;

    @Test
    void everyPooledConnectionUsesCustomPlans() {
        for (int i = 0; i < 3; i++) {
            assertThat(jdbc.sql("select current_setting('plan_cache_mode')").query(String.class).single())
                    .isEqualTo("force_custom_plan");
        }
    }
}
