package io.keelwatch.access;

import io.keelwatch.platform.NavigationEntry;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The access module's pages in the navigation bar: one's API tokens, and administration for admins. */
@Configuration(proxyBeanMethods = false)
class AccessNavigation {

    @Bean
    NavigationEntry tokensEntry() {
        return new NavigationEntry("tokens", "API tokens", "/settings/tokens", 80, "@access.canManageTokens()");
    }

    @Bean
    NavigationEntry adminEntry() {
        return new NavigationEntry("admin", "Admin", "/admin", 90, "@access.isAdmin()");
    }
}
