package io.keelwatch.findings.ingest;

import io.keelwatch.platform.NavigationEntry;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The scans list and the upload form in the navigation bar; the upload only for those who may import. */
@Configuration(proxyBeanMethods = false)
class ScansNavigation {

    @Bean
    NavigationEntry scansEntry() {
        return new NavigationEntry("scans", "Scans", "/scans", 40, "@access.canRead()");
    }

    @Bean
    NavigationEntry uploadEntry() {
        return new NavigationEntry("upload", "Upload", "/scans/upload", 50, "@access.canImportScans()");
    }
}
