package io.keelwatch.posture;

import io.keelwatch.platform.NavigationEntry;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The posture module's page in the navigation bar. */
@Configuration(proxyBeanMethods = false)
class PostureNavigation {

    @Bean
    NavigationEntry dashboardEntry() {
        return new NavigationEntry("dashboard", "Dashboard", "/", 10, "@access.canRead()");
    }
}
