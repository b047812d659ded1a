package io.keelwatch.platform;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.keelwatch.testsupport.KeelwatchIntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;

/** Load balancers and API clients need health and the OpenAPI document without signing in. */
@KeelwatchIntegrationTest
class OperationalEndpointsAnswerAnonymouslyIT {

    @Autowired
    MockMvc mvc;

    @Test
    void healthIsUp() throws Exception {
        mvc.perform(get("/actuator/health"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.status").value("UP"));
    }

    @Test
    void openApiDocumentDescribesTheScanAndFindingEndpoints() throws Exception {
        mvc.perform(get("/v3/api-docs"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.info.title").value("Keelwatch API"))
                .andExpect(jsonPath("$.paths['/api/v1/scans'].post").exists())
                .andExpect(jsonPath("$.paths['/api/v1/findings'].get").exists())
                .andExpect(jsonPath("$.components.securitySchemes.apiToken.scheme").value("bearer"));
    }

    @Test
    void swaggerUiIsServed() throws Exception {
        mvc.perform(get("/swagger-ui/index.html")).andExpect(status().isOk());
    }
}
