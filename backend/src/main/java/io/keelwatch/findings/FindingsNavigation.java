package io.keelwatch.findings;

import io.keelwatch.platform.NavigationEntry;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The findings module's pages in the navigation bar, each visible to whom its page's rule lets in. */
@Configuration(proxyBeanMethods = false)
class FindingsNavigation {

    @Bean
    NavigationEntry findingsEntry() {
        return new NavigationEntry("findings", "Findings", "/findings", 20, "@access.canRead()");
    }

    @Bean
    NavigationEntry exceptionsEntry() {
        return new NavigationEntry("exceptions", "Exceptions", "/exceptions", 30, "@access.canRead()");
    }

    @Bean
    NavigationEntry scansEntry() {
        return new NavigationEntry("scans", "Scans", "/scans", 40, "@access.canRead()");
    }

    @Bean
    NavigationEntry uploadEntry() {
        return new NavigationEntry("upload", "Upload", "/scans/upload", 50, "@access.canImportScans()");
    }
}
