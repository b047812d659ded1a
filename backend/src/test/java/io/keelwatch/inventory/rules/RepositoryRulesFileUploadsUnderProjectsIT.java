package io.keelwatch.inventory.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.keelwatch.inventory.ImageReports;
import io.keelwatch.inventory.ProjectRef;
import io.keelwatch.testsupport.KeelwatchIntegrationTest;
import io.keelwatch.testsupport.TestWorld;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;
import tools.jackson.databind.json.JsonMapper;

/**
 * Repository rules (globs → project) are managed over the API; an upload without {@code project}
 * goes where the most specific rule sends it, the match preview says where that is (only to those
 * who may see it), and a pattern taken or malformed is refused with the reason.
 */
@KeelwatchIntegrationTest
class RepositoryRulesFileUploadsUnderProjectsIT {

    @Autowired
    MockMvc mvc;
    @Autowired
    TestWorld world;
    @Autowired
    JdbcClient jdbc;

    private final JsonMapper json = JsonMapper.builder().build();

    @Test
    void anUploadWithoutProjectGoesWhereTheMostSpecificRuleSendsIt() throws Exception {
        ProjectRef broad = world.alphaProject();
        ProjectRef narrow = world.alphaProject();
        String base = ImageReports.uniqueRepository("acme");
        addRule(TestWorld.ALICE, broad.slug(), base + "/*")
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.pattern").value(base + "/*"))
                .andExpect(jsonPath("$.project").value(broad.slug()));
        addRule(TestWorld.LEAD, narrow.slug(), base + "/payments-*").andExpect(status().isCreated());

        upload(base + "/payments-api").andExpect(status().isCreated()).andExpect(jsonPath("$.project").value(narrow.slug()));
        upload(base + "/storefront").andExpect(status().isCreated()).andExpect(jsonPath("$.project").value(broad.slug()));

        mvc.perform(get("/api/v1/projects/" + broad.slug() + "/repository-rules").with(httpBasic(TestWorld.AUDITOR, TestWorld.PASSWORD)))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$[0].pattern").value(base + "/*"));
        mvc.perform(get("/api/v1/repository-rules/match").param("repository", base + "/payments-api")
                        .with(httpBasic(TestWorld.ALICE, TestWorld.PASSWORD)))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.repository").value(base + "/payments-api"))
                .andExpect(jsonPath("$.rule.pattern").value(base + "/payments-*"))
                .andExpect(jsonPath("$.project.slug").value(narrow.slug()))
                .andExpect(jsonPath("$.project.team").value("alpha"));

        String asBob = mvc.perform(get("/api/v1/repository-rules/match").param("repository", base + "/payments-api")
                        .with(httpBasic(TestWorld.BOB, TestWorld.PASSWORD)))
                .andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString();
        assertThat(json.readTree(asBob).path("project").isMissingNode() || json.readTree(asBob).path("project").isNull()).isTrue();
        assertThat(asBob).doesNotContain(narrow.slug()).doesNotContain("payments-*");
    }

    @Test
    void aPatternTakenTwiceIsAConflictNamingItsProjectAndAMalformedOneIsRefused() throws Exception {
        ProjectRef first = world.alphaProject();
        ProjectRef second = world.alphaProject();
        ProjectRef betas = world.betaProject();
        String pattern = ImageReports.uniqueRepository("shared") + "-*";
        addRule(TestWorld.ALICE, first.slug(), pattern).andExpect(status().isCreated());
        long rules = rules();

        addRule(TestWorld.ALICE, second.slug(), pattern)
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.type").value("urn:keelwatch:problem:conflict"))
                .andExpect(jsonPath("$.detail").value(containsString(first.slug())));
        String toBob = addRule(TestWorld.BOB, betas.slug(), pattern)
                .andExpect(status().isConflict())
                .andReturn().getResponse().getContentAsString();
        assertThat(toBob).doesNotContain(first.slug());

        for (String malformed : new String[] {"", "  ", "ghcr.io/acme/ pay", "ghcr.io/acme/**", "ghcr.io/acme/pay?", "ghcr.io/[ab]",
                "ghcr.io/acme/" + "x".repeat(300)}) {
            addRule(TestWorld.ALICE, second.slug(), malformed)
                    .andExpect(status().isBadRequest())
                    .andExpect(jsonPath("$.type").value("urn:keelwatch:problem:invalid-request"));
        }
        assertThat(rules()).isEqualTo(rules);
    }

    @Test
    void onlyThoseWhoMayEditTheProjectDeleteItsRulesAndThenTheRepositoryIsUnmapped() throws Exception {
        ProjectRef project = world.alphaProject();
        String repository = ImageReports.uniqueRepository("soon-unmapped");
        long id = json.readTree(addRule(TestWorld.ALICE, project.slug(), repository)
                .andExpect(status().isCreated()).andReturn().getResponse().getContentAsString()).get("id").asLong();
        String path = "/api/v1/projects/" + project.slug() + "/repository-rules/" + id;

        mvc.perform(delete(path).with(httpBasic(TestWorld.BOB, TestWorld.PASSWORD))).andExpect(status().isNotFound());
        mvc.perform(delete(path).with(httpBasic(TestWorld.AUDITOR, TestWorld.PASSWORD))).andExpect(status().isForbidden());
        upload(repository).andExpect(status().isCreated()).andExpect(jsonPath("$.project").value(project.slug()));

        mvc.perform(delete(path).with(httpBasic(TestWorld.ALICE, TestWorld.PASSWORD))).andExpect(status().isNoContent());
        upload(repository)
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.type").value("urn:keelwatch:problem:unknown-project"));
    }

    private ResultActions addRule(String user, String project, String pattern) throws Exception {
        return mvc.perform(post("/api/v1/projects/" + project + "/repository-rules").with(httpBasic(user, TestWorld.PASSWORD))
                .contentType(MediaType.APPLICATION_JSON)
                .content(json.writeValueAsString(Map.of("pattern", pattern))));
    }

    private ResultActions upload(String repository) throws Exception {
        return mvc.perform(post("/api/v1/scans").contentType(MediaType.APPLICATION_JSON)
                .content(ImageReports.trivyReportOf(repository))
                .with(httpBasic(TestWorld.ALICE, TestWorld.PASSWORD)));
    }

    private long rules() {
        return jdbc.sql("select count(*) from repository_rule").query(Long.class).single();
    }
}
