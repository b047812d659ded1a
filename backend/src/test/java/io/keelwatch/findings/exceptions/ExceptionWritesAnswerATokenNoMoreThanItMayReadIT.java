package io.keelwatch.findings.exceptions;

import static io.keelwatch.testsupport.Bearer.bearer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.patch;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.keelwatch.access.Scope;
import io.keelwatch.findings.TriageCalls;
import io.keelwatch.inventory.ProjectRef;
import io.keelwatch.testsupport.Fixtures;
import io.keelwatch.testsupport.KeelwatchIntegrationTest;
import io.keelwatch.testsupport.TestWorld;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Tokens with {@code scans:write} but not {@code read} propose, edit and decide exceptions, and
 * import OpenVEX, without getting the exception back (its justification, who proposed and approved
 * it, how many findings it covers are reads); an edit sending the current values is audited.
 */
@KeelwatchIntegrationTest
class ExceptionWritesAnswerATokenNoMoreThanItMayReadIT {

    private static final String JUSTIFICATION = "Only reachable through the admin port, which is not exposed.";

    @Autowired
    MockMvc mvc;
    @Autowired
    TestWorld world;

    private final JsonMapper json = JsonMapper.builder().build();
    private ProjectRef project;
    private String developerWrites;
    private String leadWrites;

    @BeforeEach
    void tokensOfAliceAndTheLead() {
        project = world.alphaProject();
        developerWrites = world.token(TestWorld.ALICE, null, Scope.SCANS_WRITE);
        leadWrites = world.token(TestWorld.LEAD, null, Scope.SCANS_WRITE);
    }

    @Test
    void proposingEditingAndDecidingAnswerNoExceptionToATokenWithoutRead() throws Exception {
        MockHttpServletResponse proposed = propose(developerWrites, "CVE-2024-3001")
                .andExpect(status().isCreated()).andReturn().getResponse();
        assertThat(proposed.getContentAsString()).isEmpty();
        String location = proposed.getHeader("Location");
        assertThat(location).matches("/api/v1/exceptions/\\d+");
        long id = Long.parseLong(location.substring(location.lastIndexOf('/') + 1));
        mvc.perform(get(location).with(bearer(developerWrites))).andExpect(status().isForbidden());

        assertEmpty(edit(developerWrites, id, "{\"justification\": \"" + JUSTIFICATION + "\"}").andExpect(status().isNoContent()));
        assertEmpty(edit(developerWrites, id, "{\"packageName\": \"openssl\"}").andExpect(status().isNoContent()));
        assertEmpty(decide(leadWrites, id, "approve").andExpect(status().isNoContent()));
        assertEmpty(decide(leadWrites, id, "revoke").andExpect(status().isNoContent()));
        long other = proposedByAlice("CVE-2024-3002");
        assertEmpty(decide(leadWrites, other, "reject").andExpect(status().isNoContent()));

        assertThat(read(id).get("state").asString()).as("the writes happened").isEqualTo("revoked");
        assertThat(read(id).get("packageName").asString()).isEqualTo("openssl");
        assertThat(read(other).get("state").asString()).isEqualTo("rejected");
    }

    @Test
    void aTokenThatMayReadGetsTheExceptionBack() throws Exception {
        String token = world.token(TestWorld.ALICE, null, Scope.SCANS_WRITE, Scope.READ);
        propose(token, "CVE-2024-3003")
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.state").value("proposed"))
                .andExpect(jsonPath("$.justification").value(JUSTIFICATION));
    }

    @Test
    void anOpenVexImportTellsATokenWithoutReadWhatItDidButNotTheExceptions() throws Exception {
        mvc.perform(post("/api/v1/exceptions/openvex").param("project", project.slug()).with(bearer(leadWrites))
                        .contentType(MediaType.APPLICATION_JSON).content(Fixtures.bytes("cyclonedx-vex/trivy-openvex.json")))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.created").value(1))
                .andExpect(jsonPath("$.approved").value(1))
                .andExpect(jsonPath("$.exceptions").doesNotExist());
    }

    @Test
    void anEditSendingTheCurrentValuesIsAuditedLikeAnyEdit() throws Exception {
        long id = proposedByAlice("CVE-2024-3004");
        edit(developerWrites, id, "{\"justification\": \"" + JUSTIFICATION + "\"}").andExpect(status().is2xxSuccessful());

        mvc.perform(get("/api/v1/audit-events").param("targetType", "exception").param("targetId", String.valueOf(id))
                        .param("action", "exception.edited").with(httpBasic(TestWorld.AUDITOR, TestWorld.PASSWORD)))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.totalItems").value(1))
                .andExpect(jsonPath("$.items[0].actor").value(TestWorld.ALICE))
                .andExpect(jsonPath("$.items[0].details.unchanged").value(true))
                .andExpect(jsonPath("$.items[0].details.before.justification").value(JUSTIFICATION))
                .andExpect(jsonPath("$.items[0].details.after.justification").value(JUSTIFICATION));
    }

    private ResultActions propose(String token, String cve) throws Exception {
        return mvc.perform(post("/api/v1/exceptions").with(bearer(token)).contentType(MediaType.APPLICATION_JSON)
                .content(json.writeValueAsString(TriageCalls.exception(project.slug(), cve, null, "false_positive", null))));
    }

    private long proposedByAlice(String cve) throws Exception {
        return new TriageCalls(mvc).proposed(TestWorld.ALICE, TriageCalls.exception(project.slug(), cve, null, "false_positive", null));
    }

    private ResultActions edit(String token, long id, String body) throws Exception {
        return mvc.perform(patch("/api/v1/exceptions/" + id).with(bearer(token)).contentType(MediaType.APPLICATION_JSON).content(body));
    }

    private ResultActions decide(String token, long id, String decision) throws Exception {
        return mvc.perform(post("/api/v1/exceptions/" + id + "/" + decision).with(bearer(token)));
    }

    private JsonNode read(long id) throws Exception {
        return json.readTree(mvc.perform(get("/api/v1/exceptions/" + id).with(httpBasic(TestWorld.ALICE, TestWorld.PASSWORD)))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString());
    }

    private static void assertEmpty(ResultActions answer) throws Exception {
        assertThat(answer.andReturn().getResponse().getContentAsString()).isEmpty();
    }
}
