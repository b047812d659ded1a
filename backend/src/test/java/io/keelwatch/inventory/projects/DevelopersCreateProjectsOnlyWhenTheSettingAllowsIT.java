package io.keelwatch.inventory.projects;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.patch;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.keelwatch.testsupport.KeelwatchIntegrationTest;
import io.keelwatch.testsupport.TestWorld;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.MockMvc;

/** With {@code keelwatch.inventory.developers-create-projects=false} only leads and admins create and edit projects. */
@KeelwatchIntegrationTest
@TestPropertySource(properties = "keelwatch.inventory.developers-create-projects=false")
class DevelopersCreateProjectsOnlyWhenTheSettingAllowsIT {

    @Autowired
    MockMvc mvc;
    @Autowired
    TestWorld world;
    @Autowired
    JdbcClient jdbc;

    @Test
    void developersAreRefusedAndLeadsAreNot() throws Exception {
        String existing = world.alphaProject().slug();
        mvc.perform(post("/api/v1/projects").with(httpBasic(TestWorld.ALICE, TestWorld.PASSWORD))
                        .contentType(MediaType.APPLICATION_JSON).content("{\"team\":\"alpha\",\"slug\":\"alice-own\",\"name\":\"Own\"}"))
                .andExpect(status().isForbidden())
                .andExpect(jsonPath("$.type").value("urn:keelwatch:problem:forbidden"))
                .andExpect(jsonPath("$.detail").value(containsString("security leads and admins")));
        mvc.perform(patch("/api/v1/projects/" + existing).with(httpBasic(TestWorld.ALICE, TestWorld.PASSWORD))
                        .contentType(MediaType.APPLICATION_JSON).content("{\"name\":\"Renamed\"}"))
                .andExpect(status().isForbidden());
        assertThat(jdbc.sql("select count(*) from project where slug = 'alice-own' or name = 'Renamed'").query(Long.class).single())
                .isZero();

        mvc.perform(post("/api/v1/projects").with(httpBasic(TestWorld.LEAD, TestWorld.PASSWORD))
                        .contentType(MediaType.APPLICATION_JSON).content("{\"team\":\"alpha\",\"slug\":\"lead-made\",\"name\":\"Lead's\"}"))
                .andExpect(status().isCreated());
    }
}
