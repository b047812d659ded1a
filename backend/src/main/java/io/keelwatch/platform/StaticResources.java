package io.keelwatch.platform;

import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.ResourceHandlerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.servlet.resource.LiteWebJarsResourceResolver;

/**
 * The static resources under their own paths, instead of Spring Boot's default {@code /**} mapping
 * ({@code spring.web.resources.add-mappings: false}). With the resource chain on (the web jars' locator turns it on),
 * every link a page writes goes through the resource URL provider; under a {@code /**} mapping each link to a page
 * ({@code /alerts/17}, fifty rows of them) was looked up in four class-path locations, a miss through the jars'
 * entries that cost more than the page's query. Only these prefixes are resources now.
 */
@Configuration(proxyBeanMethods = false)
class StaticResources implements WebMvcConfigurer {

    @Override
    public void addResourceHandlers(ResourceHandlerRegistry registry) {
        registry.addResourceHandler("/webjars/**").addResourceLocations("classpath:/META-INF/resources/webjars/")
                .resourceChain(true).addResolver(new LiteWebJarsResourceResolver());
        registry.addResourceHandler("/css/**").addResourceLocations("classpath:/static/css/").resourceChain(true);
        registry.addResourceHandler("/js/**").addResourceLocations("classpath:/static/js/").resourceChain(true);
        registry.addResourceHandler("/favicon.*").addResourceLocations("classpath:/static/").resourceChain(true);
    }
}
