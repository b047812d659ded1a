package io.keelwatch.inventory.pages;

import io.keelwatch.platform.NavigationEntry;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The inventory's pages in the navigation bar: the project list, for everyone who reads. */
@Configuration(proxyBeanMethods = false)
class ProjectsNavigation {

    @Bean
    NavigationEntry projectsEntry() {
        return new NavigationEntry("projects", "Projects", "/projects", 60, "@access.canRead()");
    }
}
