package io.keelwatch.findings.list;

import io.keelwatch.platform.NavigationEntry;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The findings list in the navigation bar. */
@Configuration(proxyBeanMethods = false)
class FindingsNavigation {

    @Bean
    NavigationEntry findingsEntry() {
        return new NavigationEntry("findings", "Findings", "/findings", 20, "@access.canRead()");
    }
}
