package io.keelwatch.recovery.readiness;

import io.keelwatch.platform.NavigationEntry;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The recovery readiness overview in the navigation bar. */
@Configuration(proxyBeanMethods = false)
class RecoveryNavigation {

    @Bean
    NavigationEntry recoveryEntry() {
        return new NavigationEntry("recovery", "Recovery", "/recovery", 68, "@access.canRead()");
    }
}
