package io.keelwatch.inventory.projects;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.patch;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.keelwatch.inventory.ProjectRef;
import io.keelwatch.testsupport.KeelwatchIntegrationTest;
import io.keelwatch.testsupport.TestWorld;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockServletContext;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/**
 * Every project and repository-rule endpoint refuses malformed JSON, fields of the wrong type or
 * unknown, bad slugs, over-long text, and teams or projects outside the caller's teams — with
 * problem details, writing nothing.
 */
@KeelwatchIntegrationTest
class ProjectEndpointsRefuseBadInputAndWriteNothingIT {

    private static final String INVALID = "urn:keelwatch:problem:invalid-request";
    private static final String NOT_FOUND = "urn:keelwatch:problem:not-found";

    @Autowired
    MockMvc mvc;
    @Autowired
    TestWorld world;
    @Autowired
    JdbcClient jdbc;

    @Test
    void badProjectsAreRefusedWithProblemDetails() throws Exception {
        ProjectRef alphas = world.alphaProject();
        ProjectRef betas = world.betaProject();
        String rows = rows();

        Map<String, String> creations = Map.ofEntries(
                Map.entry("{\"team\":\"alpha\",\"slug\":", INVALID),
                Map.entry("{\"team\":\"alpha\",\"slug\":\"bad-name\",\"name\":{\"x\":1}}", INVALID),
                Map.entry("{\"team\":\"alpha\",\"slug\":\"bad-tier\",\"name\":\"T\",\"tier\":\"high\"}", INVALID),
                Map.entry("{\"team\":\"alpha\",\"slug\":\"bad-tier-range\",\"name\":\"T\",\"tier\":7}", INVALID),
                Map.entry("{\"team\":\"alpha\",\"slug\":\"bad-owners\",\"name\":\"T\",\"owners\":\"alice\"}", INVALID),
                Map.entry("{\"team\":\"alpha\",\"slug\":\"unknown-field\",\"name\":\"T\",\"criticallity\":1}", INVALID),
                Map.entry("{\"team\":\"alpha\",\"slug\":\"Upper\",\"name\":\"T\"}", INVALID),
                Map.entry("{\"team\":\"alpha\",\"slug\":\"-dash\",\"name\":\"T\"}", INVALID),
                Map.entry("{\"team\":\"alpha\",\"slug\":\"under_score\",\"name\":\"T\"}", INVALID),
                Map.entry("{\"team\":\"alpha\",\"slug\":\"" + "x".repeat(64) + "\",\"name\":\"T\"}", INVALID),
                Map.entry("{\"team\":\"alpha\",\"name\":\"No slug\"}", INVALID),
                Map.entry("{\"team\":\"alpha\",\"slug\":\"blank-name\",\"name\":\"  \"}", INVALID),
                Map.entry("{\"team\":\"alpha\",\"slug\":\"long-name\",\"name\":\"" + "n".repeat(201) + "\"}", INVALID),
                Map.entry("{\"team\":\"alpha\",\"slug\":\"long-text\",\"name\":\"T\",\"description\":\"" + "d".repeat(2001) + "\"}", INVALID),
                Map.entry("{\"team\":\"alpha\",\"slug\":\"no-owner\",\"name\":\"T\",\"owners\":[\"nobody-" + alphas.id() + "\"]}", INVALID),
                Map.entry("{\"team\":\"alpha\",\"slug\":\"blind-owner\",\"name\":\"T\",\"owners\":[\"bob\"]}", INVALID),
                Map.entry("{\"team\":\"no-such-team\",\"slug\":\"lost\",\"name\":\"T\"}", NOT_FOUND),
                Map.entry("{\"team\":\"beta\",\"slug\":\"foreign\",\"name\":\"T\"}", NOT_FOUND));
        for (Map.Entry<String, String> creation : creations.entrySet()) {
            refused(post("/api/v1/projects").contentType(MediaType.APPLICATION_JSON).content(creation.getKey()), creation.getValue());
        }
        mvc.perform(post("/api/v1/projects").with(httpBasic(TestWorld.ALICE, TestWorld.PASSWORD))
                        .contentType(MediaType.TEXT_PLAIN).content("alpha"))
                .andExpect(status().isUnsupportedMediaType())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
        mvc.perform(post("/api/v1/projects").with(httpBasic(TestWorld.ALICE, TestWorld.PASSWORD))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"team\":\"alpha\",\"slug\":\"" + alphas.slug() + "\",\"name\":\"Again\"}"))
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.type").value("urn:keelwatch:problem:conflict"));

        List<String> changes = List.of("{\"name\":", "{\"name\":[1]}", "{\"tier\":0}", "{\"tier\":\"x\"}", "{\"owners\":{}}",
                "{\"nmae\":\"Typo\"}", "{\"name\":\"\"}", "{\"name\":\"" + "n".repeat(201) + "\"}",
                "{\"description\":\"" + "d".repeat(2001) + "\"}", "{\"owners\":[\"bob\"]}");
        for (String change : changes) {
            refused(patch("/api/v1/projects/" + alphas.slug()).contentType(MediaType.APPLICATION_JSON).content(change), INVALID);
        }
        refused(patch("/api/v1/projects/" + betas.slug()).contentType(MediaType.APPLICATION_JSON).content("{\"name\":\"Mine\"}"),
                NOT_FOUND);
        refused(patch("/api/v1/projects/no-such-project").contentType(MediaType.APPLICATION_JSON).content("{\"name\":\"X\"}"),
                NOT_FOUND);
        refused(get("/api/v1/projects/" + betas.slug()), NOT_FOUND);
        refused(get("/api/v1/projects").param("state", "gone"), INVALID);
        refused(get("/api/v1/projects").param("team", "beta"), NOT_FOUND);

        refused(post("/api/v1/projects/" + alphas.slug() + "/repository-rules").contentType(MediaType.APPLICATION_JSON)
                .content("{\"pattern\":"), INVALID);
        refused(post("/api/v1/projects/" + alphas.slug() + "/repository-rules").contentType(MediaType.APPLICATION_JSON)
                .content("{\"pattern\":[\"a\"]}"), INVALID);
        refused(post("/api/v1/projects/" + betas.slug() + "/repository-rules").contentType(MediaType.APPLICATION_JSON)
                .content("{\"pattern\":\"registry.test/foreign/*\"}"), NOT_FOUND);
        refused(get("/api/v1/projects/" + betas.slug() + "/repository-rules"), NOT_FOUND);
        refused(get("/api/v1/repository-rules/match"), INVALID);
        refused(get("/api/v1/repository-rules/match").param("repository", "r".repeat(1001)), INVALID);

        assertThat(rows()).isEqualTo(rows);
    }

    /** Refused as alice (a developer of alpha), with a problem of this type. */
    private void refused(MockHttpServletRequestBuilder request, String type) throws Exception {
        MockHttpServletRequest sent = request.buildRequest(new MockServletContext());
        String call = sent.getMethod() + " " + sent.getRequestURI() + "?" + sent.getQueryString() + " "
                + (sent.getContentAsByteArray() == null ? "" : new String(sent.getContentAsByteArray(), StandardCharsets.UTF_8));
        assertThatCode(() -> mvc.perform(request.with(httpBasic(TestWorld.ALICE, TestWorld.PASSWORD)))
                .andExpect(status().is(type.equals(NOT_FOUND) ? 404 : 400))
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.type").value(type)))
                .as(call.length() > 300 ? call.substring(0, 300) + "…" : call)
                .doesNotThrowAnyException();
    }

    /** What the endpoints could write: projects (and their texts), owners, rules, audit entries. */
    private String rows() {
        return jdbc.sql("""
                select (select count(*) || '/' || coalesce(sum(length(name)), 0) from project)
                    || ' ' || (select count(*) from repository_rule)
                    || ' ' || (select count(*) from audit_event where action like 'project.%' or action like 'repository-rule.%')
                """).query(String.class).single();
    }
}
