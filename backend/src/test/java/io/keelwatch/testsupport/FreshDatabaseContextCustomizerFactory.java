package io.keelwatch.testsupport;

import java.util.List;
import java.util.Map;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.core.env.MapPropertySource;
import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;
import org.springframework.test.context.MergedContextConfiguration;

/**
 * Gives every Spring test context a brand-new PostgreSQL database (Flyway migrates it on start)
 * and drops it when the context closes, so test runs never share or leave data.
 * Registered in {@code META-INF/spring.factories}.
 */
public class FreshDatabaseContextCustomizerFactory implements ContextCustomizerFactory {

    @Override
    public ContextCustomizer createContextCustomizer(Class<?> testClass, List<ContextConfigurationAttributes> configAttributes) {
        return new FreshDatabase();
    }

    private static final class FreshDatabase implements ContextCustomizer {

        @Override
        public void customizeContext(ConfigurableApplicationContext context, MergedContextConfiguration config) {
            TestDatabaseServer.TestDatabase database = TestDatabaseServer.createFresh();
            context.getEnvironment().getPropertySources().addFirst(new MapPropertySource("keelwatch-test-database",
                    Map.of("spring.datasource.url", database.url(),
                            // cached contexts of other test classes keep their pools: let idle ones shrink to one
                            // connection, so a run with many contexts stays under the server's max_connections
                            "spring.datasource.hikari.minimum-idle", "1",
                            "spring.datasource.hikari.idle-timeout", "10000")));
            // a class, not a lambda: a lambda's event type cannot be read, so it was handed every event (one per request)
            // and failed a cast on each
            context.addApplicationListener(new ApplicationListener<ContextClosedEvent>() {
                @Override
                public void onApplicationEvent(ContextClosedEvent event) {
                    TestDatabaseServer.drop(database);
                }
            });
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof FreshDatabase;
        }

        @Override
        public int hashCode() {
            return FreshDatabase.class.hashCode();
        }
    }
}
