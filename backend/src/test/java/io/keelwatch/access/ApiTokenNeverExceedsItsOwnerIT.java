package io.keelwatch.access;

import static io.keelwatch.testsupport.Bearer.bearer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.keelwatch.inventory.ProjectRef;
import io.keelwatch.testsupport.Fixtures;
import io.keelwatch.testsupport.KeelwatchIntegrationTest;
import io.keelwatch.testsupport.TestWorld;
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
 * A token is its owner narrowed to the token's team and scopes: it reaches no team its owner
 * does not see, does nothing its scopes do not name, and nothing its owner's role forbids.
 */
@KeelwatchIntegrationTest
class ApiTokenNeverExceedsItsOwnerIT {

    private static final byte[] REPORT = Fixtures.bytes("trivy/debian-buster.json.golden");

    @Autowired
    MockMvc mvc;
    @Autowired
    TestWorld world;
    @Autowired
    JdbcClient jdbc;

    private final JsonMapper json = JsonMapper.builder().build();

    @Test
    void aScansWriteTokenLimitedToAlphaUploadsIntoAlphaAndCannotFindBetasProject() throws Exception {
        ProjectRef alphaProject = world.alphaProject();
        ProjectRef betaProject = world.betaProject();
        String token = world.token(TestWorld.ALICE, "alpha", Scope.SCANS_WRITE);

        mvc.perform(upload(alphaProject, bearer(token)))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.project").value(alphaProject.slug()));
        mvc.perform(upload(betaProject, bearer(token)))
                .andExpect(status().isNotFound())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.type").value("urn:keelwatch:problem:not-found"));
        assertThat(scans(betaProject)).isZero();
    }

    @Test
    void aLeadsTokenLimitedToAlphaSeesAndWritesAlphaOnlyThoughTheLeadSeesEverything() throws Exception {
        ProjectRef alphaProject = world.alphaProject();
        ProjectRef betaProject = world.betaProject();
        long betaFinding = importAndFirstFinding(betaProject, TestWorld.BOB);
        String token = world.token(TestWorld.LEAD, "alpha", Scope.SCANS_WRITE, Scope.READ);

        mvc.perform(upload(alphaProject, bearer(token))).andExpect(status().isCreated());
        mvc.perform(upload(betaProject, bearer(token))).andExpect(status().isNotFound());
        mvc.perform(get("/api/v1/findings/" + betaFinding).with(bearer(token)))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.type").value("urn:keelwatch:problem:not-found"));
        mvc.perform(get("/api/v1/findings/" + betaFinding).with(httpBasic(TestWorld.LEAD, TestWorld.PASSWORD)))
                .andExpect(status().isOk());
    }

    @Test
    void aReadOnlyTokenCannotUpload() throws Exception {
        ProjectRef alphaProject = world.alphaProject();
        String token = world.token(TestWorld.ALICE, null, Scope.READ);

        mvc.perform(upload(alphaProject, bearer(token)))
                .andExpect(status().isForbidden())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.type").value("urn:keelwatch:problem:forbidden"));
        assertThat(scans(alphaProject)).isZero();
    }

    @Test
    void aScansWriteTokenCannotRead() throws Exception {
        String token = world.token(TestWorld.ALICE, "alpha", Scope.SCANS_WRITE);

        mvc.perform(get("/api/v1/findings").with(bearer(token)))
                .andExpect(status().isForbidden())
                .andExpect(jsonPath("$.type").value("urn:keelwatch:problem:forbidden"));
        mvc.perform(get("/api/v1/scans").with(bearer(token))).andExpect(status().isForbidden());
    }

    @Test
    void aDevelopersTokenWithoutTeamLimitReadsOnlyTheDevelopersTeams() throws Exception {
        ProjectRef alphaProject = world.alphaProject();
        ProjectRef betaProject = world.betaProject();
        long alphaFinding = importAndFirstFinding(alphaProject, TestWorld.ALICE);
        long betaFinding = importAndFirstFinding(betaProject, TestWorld.BOB);
        String token = world.token(TestWorld.ALICE, null, Scope.READ, Scope.SCANS_WRITE);

        mvc.perform(get("/api/v1/findings/" + alphaFinding).with(bearer(token))).andExpect(status().isOk());
        mvc.perform(get("/api/v1/findings/" + betaFinding).with(bearer(token)))
                .andExpect(status().isNotFound())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.type").value("urn:keelwatch:problem:not-found"));
        mvc.perform(get("/api/v1/findings").param("project", betaProject.slug()).with(bearer(token)))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.totalItems").value(0));
        mvc.perform(upload(betaProject, bearer(token))).andExpect(status().isNotFound());
    }

    @Test
    void anAuditorsTokenCannotUploadWhateverItAsksFor() throws Exception {
        mvc.perform(post("/api/v1/tokens").with(httpBasic(TestWorld.ADMIN, TestWorld.PASSWORD))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"name\":\"audit export\",\"owner\":\"auditor\",\"scopes\":[\"scans:write\"]}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.type").value("urn:keelwatch:problem:invalid-request"));
        String token = world.token(TestWorld.AUDITOR, null, Scope.READ);

        mvc.perform(upload(world.alphaProject(), bearer(token))).andExpect(status().isForbidden());
        mvc.perform(get("/api/v1/findings").with(bearer(token))).andExpect(status().isOk());
    }

    @Test
    void tokensCannotBeGivenMoreThanTheirOwnerHas() throws Exception {
        mvc.perform(post("/api/v1/tokens").with(httpBasic(TestWorld.ALICE, TestWorld.PASSWORD))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"name\":\"sneaky\",\"scopes\":[\"admin\"]}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.type").value("urn:keelwatch:problem:invalid-request"));
        mvc.perform(post("/api/v1/tokens").with(httpBasic(TestWorld.ALICE, TestWorld.PASSWORD))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"name\":\"other team\",\"team\":\"beta\",\"scopes\":[\"scans:write\"]}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.detail").value("'beta' is not one of alice's teams."));
        mvc.perform(post("/api/v1/tokens").with(httpBasic(TestWorld.ALICE, TestWorld.PASSWORD))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"name\":\"for bob\",\"owner\":\"bob\",\"scopes\":[\"read\"]}"))
                .andExpect(status().isForbidden())
                .andExpect(jsonPath("$.type").value("urn:keelwatch:problem:forbidden"));
    }

    @Test
    void aTokenCannotMintTokensUnlessItIsAnAdminToken() throws Exception {
        String token = world.token(TestWorld.ALICE, null, Scope.READ, Scope.SCANS_WRITE);

        mvc.perform(post("/api/v1/tokens").with(bearer(token)).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"name\":\"more\",\"scopes\":[\"scans:write\",\"read\"]}"))
                .andExpect(status().isForbidden());
        mvc.perform(get("/api/v1/tokens").with(bearer(token))).andExpect(status().isForbidden());
        String adminsReadToken = world.token(TestWorld.ADMIN, null, Scope.READ);
        mvc.perform(get("/api/v1/users").with(bearer(adminsReadToken))).andExpect(status().isForbidden());
    }

    @Test
    void whatATokenImportsIsAuditedAsDoneByTheOwnerThroughTheToken() throws Exception {
        ProjectRef alphaProject = world.alphaProject();
        var created = world.createToken(TestWorld.ALICE, "alpha", Scope.SCANS_WRITE);

        long scanId = read(mvc.perform(upload(alphaProject, bearer(created.secret())))
                .andExpect(status().isCreated())).get("scanId").asLong();

        var entry = jdbc.sql("""
                select actor, actor_type, details ->> 'via_token' as via from audit_event
                where action = 'scan.imported' and target_id = :id
                """)
                .param("id", String.valueOf(scanId))
                .query((rs, n) -> new String[] {rs.getString("actor"), rs.getString("actor_type"), rs.getString("via")})
                .single();
        assertThat(entry).containsExactly(TestWorld.ALICE, "token", created.token().prefix());
    }

    private MockHttpServletRequestBuilder upload(ProjectRef project, RequestPostProcessor credentials) {
        return post("/api/v1/scans").param("project", project.slug())
                .contentType(MediaType.APPLICATION_JSON).content(REPORT).with(credentials);
    }

    private long importAndFirstFinding(ProjectRef project, String user) throws Exception {
        mvc.perform(upload(project, httpBasic(user, TestWorld.PASSWORD))).andExpect(status().isCreated());
        JsonNode list = read(mvc.perform(get("/api/v1/findings").param("project", project.slug())
                .with(httpBasic(user, TestWorld.PASSWORD))).andExpect(status().isOk()));
        return list.get("items").get(0).get("id").asLong();
    }

    private JsonNode read(ResultActions result) throws Exception {
        return json.readTree(result.andReturn().getResponse().getContentAsString());
    }

    private long scans(ProjectRef project) {
        return jdbc.sql("select count(*) from scan where project_id = :id").param("id", project.id()).query(Long.class).single();
    }
}
