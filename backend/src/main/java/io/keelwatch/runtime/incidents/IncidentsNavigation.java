package io.keelwatch.runtime.incidents;

import io.keelwatch.platform.NavigationEntry;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The incidents board in the navigation bar, next to the alerts it groups. */
@Configuration(proxyBeanMethods = false)
class IncidentsNavigation {

    @Bean
    NavigationEntry incidentsEntry() {
        return new NavigationEntry("incidents", "Incidents", "/incidents", 56, "@access.canRead()");
    }
}
