package io.keelwatch.testsupport;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.annotation.Import;

/**
 * The whole application on a real port against its own fresh PostgreSQL database. All tests
 * carrying it share one context (and database), so each test works in projects of its own.
 * MockMvc calls all come from 127.0.0.1, so the per-address rate limits are raised here (the
 * suite makes far more token calls a minute than a person would); {@code RateLimitsAnswer429IT}
 * tests the limits in a context of its own. The incident grouping rule does not run on its schedule here: tests
 * that group run it themselves, at a time they choose, and no other test finds its alerts grouped behind its back.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "keelwatch.access.sign-in-attempts-per-minute=100000", "keelwatch.access.token-requests-per-minute=100000",
        "keelwatch.access.failed-basic-attempts-per-minute=100000", "keelwatch.runtime.incidents.grouping.enabled=false"})
@AutoConfigureMockMvc
@Import(TestWorld.class)
public @interface KeelwatchIntegrationTest {
}
