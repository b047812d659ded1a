package io.keelwatch.platform;

import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.keelwatch.findings.ScanUploads;
import io.keelwatch.inventory.ProjectRef;
import io.keelwatch.testsupport.Fixtures;
import io.keelwatch.testsupport.KeelwatchIntegrationTest;
import io.keelwatch.testsupport.TestWorld;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;

/**
 * A page number far past the end, up to the largest a client can send, answers an empty page that
 * says there is no next one and as many pages as there are (the arithmetic does not wrap around).
 */
@KeelwatchIntegrationTest
class PageNumbersPastTheEndAnswerNoNextPageIT {

    @Autowired
    MockMvc mvc;
    @Autowired
    TestWorld world;

    @Test
    void theLargestPageNumberHasNoNextPage() throws Exception {
        ProjectRef project = world.alphaProject();
        new ScanUploads(mvc).upload(TestWorld.ALICE, project.slug(), Fixtures.bytes("trivy/debian-buster.json.golden"))
                .andExpect(status().isCreated());

        for (String size : new String[] {"1", "50", "500"}) {
            mvc.perform(get("/api/v1/findings").param("project", project.slug()).param("page", String.valueOf(Integer.MAX_VALUE))
                            .param("size", size).with(httpBasic(TestWorld.ALICE, TestWorld.PASSWORD)))
                    .andExpect(status().isOk())
                    .andExpect(jsonPath("$.page").value(Integer.MAX_VALUE))
                    .andExpect(jsonPath("$.items").isEmpty())
                    .andExpect(jsonPath("$.totalItems").value(2))
                    .andExpect(jsonPath("$.totalPages").value(size.equals("1") ? 2 : 1))
                    .andExpect(jsonPath("$.hasNext").value(false));
        }
    }
}
