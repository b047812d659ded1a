package io.keelwatch.inventory.workloads;

import io.keelwatch.platform.NavigationEntry;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** What runs where, in the navigation bar between Projects and Clusters. */
@Configuration(proxyBeanMethods = false)
class RunningNavigation {

    @Bean
    NavigationEntry runningEntry() {
        return new NavigationEntry("running", "Running", "/running", 62, "@access.canRead()");
    }
}
