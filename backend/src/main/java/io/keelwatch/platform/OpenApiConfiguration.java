package io.keelwatch.platform;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** What the served OpenAPI document says about the API as a whole: its name and how to authenticate. */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

    @Bean
    OpenAPI keelwatchOpenApi() {
        return new OpenAPI()
                .info(new Info()
                        .title("Keelwatch API")
                        .version("v1")
                        .description("Container-security evidence: scans, findings and access. Every error is "
                                + "application/problem+json (RFC 9457) with a stable urn:keelwatch:problem:* type; "
                                + "every list is paged."))
                .components(new Components()
                        .addSecuritySchemes("apiToken", new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer")
                                .description("An API token (kw_…) or, where Keycloak is configured, a Keycloak access token"))
                        .addSecuritySchemes("basic", new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("basic")
                                .description("A local account's username and password")))
                .addSecurityItem(new SecurityRequirement().addList("apiToken"))
                .addSecurityItem(new SecurityRequirement().addList("basic"));
    }
}
