package io.keelwatch.inventory.pages;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.keelwatch.inventory.ImageReports;
import io.keelwatch.inventory.ProjectRef;
import io.keelwatch.testsupport.KeelwatchIntegrationTest;
import io.keelwatch.testsupport.TestWorld;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

/**
 * The project pages: a refused form stays on its page with the reason and the API's status, writing
 * nothing; another team's project is missing; archiving moves a project out of the default list;
 * the preview names the project a repository goes to.
 */
@KeelwatchIntegrationTest
class ProjectPagesKeepRefusalsOnThePageIT {

    @Autowired
    MockMvc mvc;
    @Autowired
    TestWorld world;
    @Autowired
    JdbcClient jdbc;

    @Test
    void refusedFormsStayWithTheirReasonAndWriteNothing() throws Exception {
        ProjectRef project = world.alphaProject();
        mvc.perform(post("/projects").param("team", "alpha").param("slug", "Not A Slug").param("name", "X").with(alice()).with(csrf()))
                .andExpect(status().isBadRequest())
                .andExpect(content().string(containsString("lower-case letters")));
        mvc.perform(post("/projects/" + project.slug() + "/repository-rules").param("pattern", "ghcr.io/acme/pay?").with(alice()).with(csrf()))
                .andExpect(status().isBadRequest())
                .andExpect(content().string(containsString("glob")));
        mvc.perform(post("/projects/" + project.slug()).param("name", "").with(alice()).with(csrf()))
                .andExpect(status().isBadRequest())
                .andExpect(content().string(containsString("must not be blank")));
        assertThat(jdbc.sql("select count(*) from project where slug = 'Not A Slug'").query(Long.class).single()).isZero();
        assertThat(jdbc.sql("select count(*) from repository_rule where project_id = :id").param("id", project.id())
                .query(Long.class).single()).isZero();

        mvc.perform(get("/projects/" + world.betaProject().slug()).with(alice())).andExpect(status().isNotFound());
        mvc.perform(post("/projects/" + project.slug() + "/archive").with(alice()).with(csrf())).andExpect(status().isForbidden());
    }

    @Test
    void aProjectCreatedInThePagesTakesRulesIsPreviewedAndArchived() throws Exception {
        String slug = "pages-" + Long.toHexString(System.nanoTime() & 0xffffff);
        String repository = ImageReports.uniqueRepository("pages");
        mvc.perform(post("/projects").param("team", "alpha").param("slug", slug).param("name", "Pages " + slug).param("tier", "1")
                        .param("owners", "alice, lead").with(alice()).with(csrf()))
                .andExpect(redirectedUrl("/projects/" + slug));
        mvc.perform(post("/projects/" + slug + "/repository-rules").param("pattern", repository + "*").with(alice()).with(csrf()))
                .andExpect(redirectedUrl("/projects/" + slug));
        mvc.perform(get("/projects/" + slug).with(alice()))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString(repository + "*")))
                .andExpect(content().string(containsString("alice, lead")));
        mvc.perform(get("/projects").param("repository", repository + "-api").with(alice()))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("goes to")))
                .andExpect(content().string(containsString(slug)));

        mvc.perform(post("/projects/" + slug + "/archive").with(user(TestWorld.LEAD).roles("SECURITY_LEAD")).with(csrf()))
                .andExpect(redirectedUrl("/projects/" + slug));
        mvc.perform(get("/projects").with(alice())).andExpect(content().string(not(containsString("Pages " + slug))));
        mvc.perform(get("/projects").param("state", "archived").with(alice())).andExpect(content().string(containsString("Pages " + slug)));
    }

    private static RequestPostProcessor alice() {
        return user(TestWorld.ALICE).roles("DEVELOPER");
    }
}
