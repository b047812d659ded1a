package io.keelwatch.signing.pages;

import io.keelwatch.platform.NavigationEntry;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The signing page in the navigation bar. */
@Configuration(proxyBeanMethods = false)
class SigningNavigation {

    @Bean
    NavigationEntry signingEntry() {
        return new NavigationEntry("signing", "Signing", "/signing", 67, "@access.canRead()");
    }
}
