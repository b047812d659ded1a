package io.keelwatch.audit;

import io.keelwatch.platform.NavigationEntry;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The audit log in the navigation bar, for those who may read it (auditors and admins). */
@Configuration(proxyBeanMethods = false)
class AuditNavigation {

    @Bean
    NavigationEntry auditEntry() {
        return new NavigationEntry("audit", "Audit", "/audit", 100, "@access.canReadAuditLog()");
    }
}
