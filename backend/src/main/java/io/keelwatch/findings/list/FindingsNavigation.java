package io.keelwatch.findings.list;

import io.keelwatch.platform.NavigationEntry;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The findings list in the navigation bar. */
@Configuration(proxyBeanMethods = false)
class FindingsNavigation {

    /** The actionable findings, the ones the dashboard counts, so the two agree when a person follows one to the other. */
    @Bean
    NavigationEntry findingsEntry() {
        return new NavigationEntry("findings", "Findings", "/findings?status=open,in_progress", 20, "@access.canRead()");
    }
}
