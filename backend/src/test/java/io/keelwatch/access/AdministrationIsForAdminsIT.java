package io.keelwatch.access;

import static io.keelwatch.testsupport.Bearer.bearer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.keelwatch.inventory.ProjectRef;
import io.keelwatch.testsupport.Fixtures;
import io.keelwatch.testsupport.KeelwatchIntegrationTest;
import io.keelwatch.testsupport.TestWorld;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.request.RequestPostProcessor;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Users and teams are administered by admins (in person, or with an admin-scoped token) only;
 * what an admin changes is audited and takes effect on the user's next request.
 */
@KeelwatchIntegrationTest
class AdministrationIsForAdminsIT {

    @Autowired
    MockMvc mvc;
    @Autowired
    TestWorld world;
    @Autowired
    JdbcClient jdbc;

    private final JsonMapper json = JsonMapper.builder().build();

    @Test
    void nonAdminsGet403AndAnonymousCallersGet401() throws Exception {
        world.alpha();
        List<Supplier<MockHttpServletRequestBuilder>> adminCalls = List.of(
                () -> get("/api/v1/teams"),
                () -> post("/api/v1/teams").contentType(MediaType.APPLICATION_JSON).content("{\"slug\":\"gamma\",\"name\":\"Gamma\"}"),
                () -> get("/api/v1/users"),
                () -> post("/api/v1/users").contentType(MediaType.APPLICATION_JSON).content(
                        "{\"username\":\"mallory\",\"displayName\":\"M\",\"password\":\"long-enough-password\",\"role\":\"ADMIN\"}"),
                () -> put("/api/v1/users/1/teams").contentType(MediaType.APPLICATION_JSON).content("{\"teams\":[\"alpha\"]}"));
        String developersToken = world.token(TestWorld.ALICE, null, Scope.READ, Scope.SCANS_WRITE);
        for (Supplier<MockHttpServletRequestBuilder> call : adminCalls) {
            mvc.perform(call.get().with(bearer(developersToken))).andExpect(status().isForbidden());
            for (String user : List.of(TestWorld.ALICE, TestWorld.LEAD, TestWorld.AUDITOR)) {
                mvc.perform(call.get().with(httpBasic(user, TestWorld.PASSWORD)))
                        .andExpect(status().isForbidden())
                        .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                        .andExpect(jsonPath("$.type").value("urn:keelwatch:problem:forbidden"));
            }
            mvc.perform(call.get())
                    .andExpect(status().isUnauthorized())
                    .andExpect(jsonPath("$.type").value("urn:keelwatch:problem:unauthenticated"));
        }
        assertThat(jdbc.sql("select count(*) from app_user where username = 'mallory'").query(Long.class).single()).isZero();
    }

    @Test
    void creatingAUserAndAssigningTeamsChangesWhatTheySeeAndItIsAudited() throws Exception {
        ProjectRef alphaProject = world.alphaProject();
        long alphaFinding = importAndFirstFinding(alphaProject);
        RequestPostProcessor admin = httpBasic(TestWorld.ADMIN, TestWorld.PASSWORD);

        JsonNode team = read(mvc.perform(post("/api/v1/teams").with(admin).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"slug\":\"gamma-" + alphaProject.id() + "\",\"name\":\"Gamma\"}"))
                .andExpect(status().isCreated()));
        String gamma = team.get("slug").asString();
        String carol = "carol-" + alphaProject.id();
        JsonNode user = read(mvc.perform(post("/api/v1/users").with(admin).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"username\":\"" + carol + "\",\"displayName\":\"Carol\",\"password\":\"carols-password-1\","
                                + "\"role\":\"DEVELOPER\",\"teams\":[\"alpha\"]}"))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.teams[0]").value("alpha"))
                .andExpect(jsonPath("$.role").value("DEVELOPER")));
        assertThat(user.has("password")).isFalse();
        assertThat(user.has("passwordHash")).isFalse();
        assertThat(jdbc.sql("select password_hash from app_user where username = :u").param("u", carol)
                .query(String.class).single()).startsWith("{").doesNotContain("carols-password-1");
        long carolId = user.get("id").asLong();
        String carolsToken = world.token(carol, null, Scope.READ);

        mvc.perform(get("/api/v1/findings/" + alphaFinding).with(httpBasic(carol, "carols-password-1"))).andExpect(status().isOk());
        mvc.perform(get("/api/v1/findings/" + alphaFinding).with(bearer(carolsToken))).andExpect(status().isOk());

        mvc.perform(put("/api/v1/users/" + carolId + "/teams").with(admin).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"teams\":[\"" + gamma + "\",\"beta\"]}"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.teams.length()").value(2));

        mvc.perform(get("/api/v1/findings/" + alphaFinding).with(httpBasic(carol, "carols-password-1")))
                .andExpect(status().isNotFound());
        mvc.perform(get("/api/v1/findings/" + alphaFinding).with(bearer(carolsToken)))
                .andExpect(status().isNotFound());

        String audit = jdbc.sql("""
                select details::text from audit_event where action = 'user.teams-changed' and target_id = :id
                """).param("id", String.valueOf(carolId)).query(String.class).single();
        assertThat(json.readTree(audit).get("before").get("teams").toString()).isEqualTo("[\"alpha\"]");
        assertThat(json.readTree(audit).get("after").get("teams").toString()).contains("beta", gamma);
        assertThat(jdbc.sql("select count(*) from audit_event where action in ('user.created', 'team.created') and actor = 'admin'")
                .query(Long.class).single()).isGreaterThanOrEqualTo(2);
    }

    @Test
    void listsPageAndNeverShowPasswords() throws Exception {
        world.alpha();
        String users = mvc.perform(get("/api/v1/users").param("size", "2").with(httpBasic(TestWorld.ADMIN, TestWorld.PASSWORD)))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.size").value(2))
                .andExpect(jsonPath("$.items.length()").value(2))
                .andExpect(jsonPath("$.hasNext").value(true))
                .andReturn().getResponse().getContentAsString();
        assertThat(users).doesNotContain("password").doesNotContain("{bcrypt}");
        mvc.perform(get("/api/v1/teams").with(httpBasic(TestWorld.ADMIN, TestWorld.PASSWORD)))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.totalItems").isNumber())
                .andExpect(jsonPath("$.items[?(@.slug == 'alpha')]").exists());
    }

    @Test
    void badRequestsAreProblemsNamingTheFields() throws Exception {
        RequestPostProcessor admin = httpBasic(TestWorld.ADMIN, TestWorld.PASSWORD);
        mvc.perform(post("/api/v1/users").with(admin).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"username\":\"\",\"displayName\":\"X\",\"password\":\"short\",\"role\":\"DEVELOPER\"}"))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.type").value("urn:keelwatch:problem:invalid-request"))
                .andExpect(jsonPath("$.errors.password").exists())
                .andExpect(jsonPath("$.errors.username").exists());
        mvc.perform(post("/api/v1/users").with(admin).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"username\":\"x\",\"displayName\":\"X\",\"password\":\"long-enough-password\",\"role\":\"KING\"}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.type").value("urn:keelwatch:problem:invalid-request"));
        mvc.perform(post("/api/v1/users").with(admin).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"username\":\"dora\",\"displayName\":\"D\",\"password\":\"long-enough-password\","
                                + "\"role\":\"DEVELOPER\",\"teams\":[\"no-such-team\"]}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.detail").value("No such team(s): no-such-team."));
        mvc.perform(post("/api/v1/teams").with(admin).contentType(MediaType.APPLICATION_JSON).content("{\"slug\":\"Not A Slug\",\"name\":\"x\"}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors.slug").exists());
        world.alpha();
        mvc.perform(post("/api/v1/teams").with(admin).contentType(MediaType.APPLICATION_JSON).content("{\"slug\":\"alpha\",\"name\":\"Again\"}"))
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.type").value("urn:keelwatch:problem:conflict"));
        mvc.perform(put("/api/v1/users/" + Long.MAX_VALUE + "/teams").with(admin).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"teams\":[]}"))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.type").value("urn:keelwatch:problem:not-found"));
    }

    private long importAndFirstFinding(ProjectRef project) throws Exception {
        mvc.perform(post("/api/v1/scans").param("project", project.slug()).contentType(MediaType.APPLICATION_JSON)
                        .content(Fixtures.bytes("trivy/debian-buster.json.golden"))
                        .with(httpBasic(TestWorld.ALICE, TestWorld.PASSWORD)))
                .andExpect(status().isCreated());
        return read(mvc.perform(get("/api/v1/findings").param("project", project.slug())
                .with(httpBasic(TestWorld.ALICE, TestWorld.PASSWORD)))).get("items").get(0).get("id").asLong();
    }

    private JsonNode read(ResultActions result) throws Exception {
        return json.readTree(result.andReturn().getResponse().getContentAsString());
    }
}
