package io.keelwatch.runtime.alerts;

import io.keelwatch.platform.NavigationEntry;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The runtime alerts list in the navigation bar. */
@Configuration(proxyBeanMethods = false)
class AlertsNavigation {

    @Bean
    NavigationEntry alertsEntry() {
        return new NavigationEntry("alerts", "Alerts", "/alerts", 55, "@access.canRead()");
    }
}
