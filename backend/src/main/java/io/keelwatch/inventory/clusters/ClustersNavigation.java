package io.keelwatch.inventory.clusters;

import io.keelwatch.platform.NavigationEntry;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The clusters list in the navigation bar (environments are reached from it). */
@Configuration(proxyBeanMethods = false)
class ClustersNavigation {

    @Bean
    NavigationEntry clustersEntry() {
        return new NavigationEntry("clusters", "Clusters", "/clusters", 65, "@access.canRead()");
    }
}
