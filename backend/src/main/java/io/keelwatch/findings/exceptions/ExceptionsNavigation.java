package io.keelwatch.findings.exceptions;

import io.keelwatch.platform.NavigationEntry;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The exceptions list in the navigation bar. */
@Configuration(proxyBeanMethods = false)
class ExceptionsNavigation {

    @Bean
    NavigationEntry exceptionsEntry() {
        return new NavigationEntry("exceptions", "Exceptions", "/exceptions", 30, "@access.canRead()");
    }
}
